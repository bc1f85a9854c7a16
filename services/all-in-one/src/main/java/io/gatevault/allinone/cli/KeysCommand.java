package io.gatevault.allinone.cli;

import io.gatevault.allinone.config.GatevaultConfig;
import io.gatevault.allinone.keys.KeyringBootstrap;
import io.gatevault.crypto.KeystoreLoader;
import io.gatevault.crypto.KeystoreSettings;
import io.gatevault.crypto.WrappingKeyReference;
import io.gatevault.crypto.rotation.KeyRotator;
import io.gatevault.crypto.rotation.RotationProgress;
import io.gatevault.crypto.rotation.RotationRequest;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gatevault keys init}: create the key-encryption key. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Manage the key-encryption key.",
    subcommands = {KeysCommand.Init.class, KeysCommand.Add.class, KeysCommand.Rotate.class})
final class KeysCommand implements Runnable {

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  @Command(
      name = "init",
      mixinStandardHelpOptions = true,
      description = {
        "Create the keystore (PKCS12, one AES-256 key) named by keyring in gatevault.yml, and its",
        "passphrase file unless keyring.password-env is set. Never replaces an existing keystore."
      })
  static final class Init implements Callable<Integer> {

    @Mixin ConfigOption config = new ConfigOption();

    @Override
    public Integer call() {
      GatevaultConfig loaded = config.load();
      KeyringBootstrap bootstrap = new KeyringBootstrap(loaded.keyring());
      if (bootstrap.exists()) {
        System.err.println(
            "keystore "
                + loaded.keyring().keystore()
                + " exists already; it is never replaced (backups sealed under it would become"
                + " unreadable).");
        return ExitCodes.FAILED;
      }
      bootstrap.ensure().ifPresent(System.out::println);
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = {
        "Add a new AES-256 key under a new alias to the keystore (step 1 of a key rotation).",
        "Then set keyring.key-alias to it and raise keyring.key-version by one in gatevault.yml,",
        "restart, and run `gatevault keys rotate --from-alias <old> --from-version <old version>`."
      })
  static final class Add implements Callable<Integer> {

    @Mixin ConfigOption config = new ConfigOption();

    @Option(names = "--alias", required = true, description = "New key's alias.")
    String alias;

    @Override
    public Integer call() {
      GatevaultConfig loaded = config.load();
      new KeyringBootstrap(loaded.keyring()).addKey(alias);
      System.out.println(
          "Added key '"
              + alias
              + "' to "
              + loaded.keyring().keystore()
              + ". Next: set keyring.key-alias: "
              + alias
              + " and keyring.key-version: "
              + (loaded.keyring().keyVersion() + 1)
              + ", restart, then `gatevault keys rotate --from-alias "
              + loaded.keyring().keyAlias()
              + " --from-version "
              + loaded.keyring().keyVersion()
              + "`.");
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "rotate",
      mixinStandardHelpOptions = true,
      description = {
        "Re-wrap the data key of every stored backup, on every target, from the old key to the",
        "key configured in keyring (key-alias, key-version). Only the small key objects change;",
        "no backup is re-encrypted. Resumable: run it again after an interruption. Old key",
        "objects are removed only once every target has the new one; then the old key can be",
        "removed from the keystore."
      })
  static final class Rotate implements Callable<Integer> {

    @Mixin ConfigOption config = new ConfigOption();

    @Option(
        names = "--from-alias",
        required = true,
        description = "Alias of the key the backups are wrapped under now.")
    String fromAlias;

    @Option(
        names = "--from-version",
        defaultValue = "1",
        description = "Its key version (default: ${DEFAULT-VALUE}).")
    int fromVersion;

    @Override
    public Integer call() {
      GatevaultConfig loaded = config.load();
      var keyring = loaded.keyring();
      var loader = new KeystoreLoader();
      String passwordEnv = keyring.passwordEnv().isBlank() ? null : keyring.passwordEnv();
      Path passwordFile = passwordEnv == null ? keyring.passwordFile() : null;
      var current =
          loader.loadKeyring(
              new KeystoreSettings(
                  keyring.keystore(), passwordEnv, passwordFile, fromAlias, fromVersion));
      var next =
          loader.loadKeyring(
              new KeystoreSettings(
                  keyring.keystore(),
                  passwordEnv,
                  passwordFile,
                  keyring.keyAlias(),
                  keyring.keyVersion()));
      var progress =
          new RotationProgress() {
            @Override
            public void started(
                String rotationId, WrappingKeyReference to, int artifacts, boolean resumed) {
              System.out.println(
                  (resumed ? "resuming" : "starting")
                      + " rotation "
                      + rotationId
                      + " of "
                      + artifacts
                      + " backups to "
                      + to.keyId()
                      + " v"
                      + to.keyVersion());
            }

            @Override
            public void rewrapped(String targetId, String artifactId, String keyObject) {
              System.out.println("  re-wrapped " + artifactId + " on " + targetId);
            }

            @Override
            public void retired(String targetId, String keyObject) {
              System.out.println("  retired " + keyObject + " on " + targetId);
            }
          };
      var report =
          new KeyRotator()
              .rotate(new RotationRequest(StorageAccess.all(loaded), current, next, progress));
      System.out.println(
          report.artifacts()
              + " backups, "
              + report.keyObjectsWritten()
              + " key objects written, "
              + report.keyObjectsRetired()
              + " retired"
              + (report.complete()
                  ? "; complete: the key '" + fromAlias + "' can now be removed from the keystore."
                  : "; NOT complete, run it again: " + report.notRetired()));
      return report.complete() ? ExitCodes.OK : ExitCodes.FAILED;
    }
  }
}

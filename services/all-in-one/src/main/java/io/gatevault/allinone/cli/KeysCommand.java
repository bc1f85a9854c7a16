package io.gatevault.allinone.cli;

import io.gatevault.allinone.config.GatevaultConfig;
import io.gatevault.allinone.keys.KeyProviders;
import io.gatevault.allinone.keys.KeyringBootstrap;
import io.gatevault.crypto.ConfiguredKeyrings;
import io.gatevault.crypto.KeyProviderSettings;
import io.gatevault.crypto.Keyring;
import io.gatevault.crypto.KmsKeySettings;
import io.gatevault.crypto.RecoveryKeyFiles;
import io.gatevault.crypto.WrappingKeyReference;
import io.gatevault.crypto.rotation.KeyRotator;
import io.gatevault.crypto.rotation.RotationProgress;
import io.gatevault.crypto.rotation.RotationReport;
import io.gatevault.crypto.rotation.RotationRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gatevault keys init|add|rotate|recovery-init}: create the key-encryption key, add one,
 * rotate every backup to it, create the offline recovery key.
 */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Manage the key-encryption key.",
    subcommands = {
      KeysCommand.Init.class,
      KeysCommand.Add.class,
      KeysCommand.Rotate.class,
      KeysCommand.RecoveryInit.class
    })
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
      if (!loaded.keyring().usesKeystore()) {
        System.out.println(
            "keyring.provider is "
                + loaded.keyring().provider()
                + ": the key-encryption key lives in the KMS, there is no keystore to create. The"
                + " offline recovery key: `gatevault keys recovery-init`.");
        return ExitCodes.OK;
      }
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
        "key configured in keyring (key-alias and key-version, or kms.key-arn). Only the small key",
        "objects change; no backup is re-encrypted. Resumable: run it again after an",
        "interruption. Old key objects are removed only once every target has the new one; then",
        "the old key can be removed. Each run is recorded in the audit trail through the control",
        "plane when it runs, and always in the rotation's journal on every target."
      })
  static final class Rotate implements Callable<Integer> {

    @Mixin ControlPlaneOptions controlPlane = new ControlPlaneOptions();

    @Option(
        names = "--from-alias",
        description = "Keystore provider: alias of the key the backups are wrapped under now.")
    String fromAlias;

    @Option(
        names = "--from-key-arn",
        description = "aws-kms provider: ARN of the KMS key the backups are wrapped under now.")
    String fromKeyArn;

    @Option(
        names = "--from-version",
        defaultValue = "1",
        description = "Its key version (default: ${DEFAULT-VALUE}).")
    int fromVersion;

    @Option(
        names = "--requested-by",
        description = "Who runs the rotation, for the audit trail (default: the OS user).")
    String requestedBy = System.getProperty("user.name", "operator");

    @Override
    public Integer call() {
      GatevaultConfig loaded = controlPlane.config.load();
      var keyring = loaded.keyring();
      KeyProviderSettings from;
      if (keyring.usesKeystore()) {
        if (fromAlias == null || fromKeyArn != null) {
          System.err.println(
              "keyring.provider is keystore: name the old key with --from-alias (and"
                  + " --from-version), not --from-key-arn.");
          return ExitCodes.USAGE;
        }
        from = KeyProviders.settings(keyring, fromAlias, fromVersion);
      } else {
        if (fromKeyArn == null || fromAlias != null) {
          System.err.println(
              "keyring.provider is aws-kms: name the old KMS key with --from-key-arn (and"
                  + " --from-version), not --from-alias.");
          return ExitCodes.USAGE;
        }
        KeyProviderSettings configured = KeyProviders.settings(keyring);
        KmsKeySettings kms = configured.kms();
        String region = KmsKeySettings.regionOf(fromKeyArn);
        from =
            new KeyProviderSettings(
                configured.provider(),
                configured.keystore(),
                new KmsKeySettings(
                    fromKeyArn,
                    List.of(),
                    region != null ? region : kms.region(),
                    kms.endpoint(),
                    kms.credentialsProfile(),
                    kms.accessKeyEnv(),
                    kms.secretKeyEnv()),
                fromVersion,
                configured.recovery());
      }
      // The old key opens (the recovery private key too, when configured: a lost KMS key);
      // the new key wraps, with the recovery public key beside it.
      // KMS over TLS as keyring.kms.tls (or tls:) says.
      var kmsTls = loaded.tls().forConnection("keyring.kms.tls");
      Keyring current = new ConfiguredKeyrings(System::getenv, kmsTls).forOpening(from);
      Keyring next = KeyProviders.forSealing(keyring, kmsTls);
      RotationAuditReport audit =
          new RotationAuditReport(
              controlPlane, requestedBy, current.reference().describe(), next.reference());
      var progress =
          new RotationProgress() {
            @Override
            public void started(
                String rotationId, WrappingKeyReference to, int artifacts, boolean resumed) {
              audit.started(rotationId);
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
      RotationReport report;
      try {
        report =
            new KeyRotator()
                .rotate(new RotationRequest(StorageAccess.all(loaded), current, next, progress));
      } catch (RuntimeException e) {
        audit.failed(e);
        throw e;
      }
      System.out.println(
          report.artifacts()
              + " backups, "
              + report.keyObjectsWritten()
              + " key objects written, "
              + report.keyObjectsRetired()
              + " retired"
              + (report.complete()
                  ? "; complete: the key '"
                      + (fromAlias != null ? fromAlias : fromKeyArn)
                      + "' can now be removed"
                      + (keyring.usesKeystore()
                          ? " from the keystore."
                          : " (schedule its deletion).")
                  : "; NOT complete, run it again: " + report.notRetired()));
      audit.finished(report);
      return report.complete() ? ExitCodes.OK : ExitCodes.FAILED;
    }
  }

  @Command(
      name = "recovery-init",
      mixinStandardHelpOptions = true,
      description = {
        "Create the offline recovery key: an RSA-4096 key pair. The public key stays online",
        "(keyring.recovery.public-key): encrypt wraps every new backup's data key under it too.",
        "The private key is written encrypted (PKCS#8, PBES2/AES-256, your passphrase) for you to",
        "move offline; with it alone every backup opens, even when the KMS or keystore is lost.",
        "Never replaces existing files."
      })
  static final class RecoveryInit implements Callable<Integer> {

    @Mixin ConfigOption config = new ConfigOption();

    @Option(
        names = "--private-key",
        required = true,
        paramLabel = "FILE",
        description = "Where to write the encrypted private key (then move it offline).")
    Path privateKey;

    @Option(
        names = "--public-key",
        paramLabel = "FILE",
        description =
            "Where to write the public key (default: keyring.recovery.public-key, else"
                + " <data-dir>/keys/recovery-public.pem).")
    Path publicKey;

    @Option(
        names = "--password-env",
        paramLabel = "NAME",
        description = "Environment variable holding the passphrase (at least 12 characters).")
    String passwordEnv;

    @Option(
        names = "--password-file",
        paramLabel = "FILE",
        description = "File holding the passphrase (instead of --password-env or a prompt).")
    Path passwordFile;

    @Override
    public Integer call() throws Exception {
      GatevaultConfig loaded = config.load();
      var recovery = loaded.keyring().recovery();
      Path publicFile =
          publicKey != null
              ? publicKey
              : recovery.publicKey() != null
                  ? recovery.publicKey()
                  : loaded.dataDir().resolve("keys/recovery-public.pem");
      char[] passphrase = passphrase();
      if (passphrase == null) {
        return ExitCodes.USAGE;
      }
      try {
        new RecoveryKeyFiles().create(publicFile, privateKey, passphrase);
      } catch (IllegalStateException e) {
        System.err.println(e.getMessage());
        return ExitCodes.FAILED;
      } finally {
        java.util.Arrays.fill(passphrase, '\0');
      }
      System.out.println(
          String.join(
              "\n",
              "Created the recovery key (RSA-" + RecoveryKeyFiles.KEY_BITS + ", OAEP-SHA256):",
              "  public key   " + publicFile.toAbsolutePath() + "   (stays online)",
              "  private key  "
                  + privateKey.toAbsolutePath()
                  + "   (encrypted with your passphrase)",
              "Next:",
              "  1. In gatevault.yml set",
              "       keyring:",
              "         recovery:",
              "           public-key: " + publicFile.toAbsolutePath(),
              "     and restart: from then on every backup's data key is also wrapped under it.",
              "     Backups sealed before keep only the primary key; a key rotation",
              "     (`gatevault keys rotate`) re-wraps them with the recovery key too.",
              "  2. Move the private key offline now: copy it to two offline media kept in",
              "     different places, check the copies, then delete it here. Keep the passphrase",
              "     apart from it (e.g. a sealed envelope in a safe, or a vault the backup",
              "     operators cannot read). Never put either on a backup target.",
              "  3. Disaster recovery (the KMS or keystore lost): on the machine that restores,",
              "     set keyring.recovery.private-key and keyring.recovery.password-env (or",
              "     password-file); verify, restore and the CLI then open every backup with it."));
      return ExitCodes.OK;
    }

    private char[] passphrase() throws java.io.IOException {
      if (passwordEnv != null && passwordFile != null) {
        System.err.println("Give either --password-env or --password-file, not both.");
        return null;
      }
      if (passwordEnv != null) {
        String value = System.getenv(passwordEnv);
        if (value == null || value.isEmpty()) {
          System.err.println("Environment variable " + passwordEnv + " is not set or empty.");
          return null;
        }
        return value.toCharArray();
      }
      if (passwordFile != null) {
        return java.nio.file.Files.readString(passwordFile)
            .replaceAll("[\\r\\n]+$", "")
            .toCharArray();
      }
      java.io.Console console = System.console();
      if (console == null) {
        System.err.println(
            "No terminal to ask for the passphrase: give --password-env or --password-file.");
        return null;
      }
      char[] first = console.readPassword("Passphrase for the recovery private key: ");
      char[] second = console.readPassword("Again: ");
      if (first == null || !java.util.Arrays.equals(first, second)) {
        System.err.println("The passphrases differ; nothing was created.");
        return null;
      }
      return first;
    }
  }
}

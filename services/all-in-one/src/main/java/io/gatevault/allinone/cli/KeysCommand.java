package io.gatevault.allinone.cli;

import io.gatevault.allinone.config.GatevaultConfig;
import io.gatevault.allinone.keys.KeyringBootstrap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code gatevault keys init}: create the key-encryption key. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Manage the key-encryption key.",
    subcommands = {KeysCommand.Init.class})
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
}

package io.gatevault.allinone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.crypto.RecoveryKeyFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gatevault keys recovery-init} as an operator runs it, with real key files. */
class KeysRecoveryInitTest {

  private static final String PASSPHRASE = "recovery passphrase for tests";

  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private Run run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
    ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
    System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
    try {
      int exit = GatevaultCommand.commandLine().execute(args);
      return new Run(
          exit,
          capturedOut.toString(StandardCharsets.UTF_8),
          capturedErr.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void recoveryInitWritesTheKeyPairPrintsTheStepsAndNeverReplacesIt() throws Exception {
    Path config = dir.resolve("gatevault.yml");
    Files.writeString(config, "data-dir: data\n");
    Path passphrase = dir.resolve("recovery.pass");
    Files.writeString(passphrase, PASSPHRASE + "\n");
    Path privateKey = dir.resolve("usb/recovery.pem");

    Run created =
        run(
            "keys",
            "recovery-init",
            "--config",
            config.toString(),
            "--private-key",
            privateKey.toString(),
            "--password-file",
            passphrase.toString());

    assertThat(created.exit()).as(created.err()).isZero();
    Path publicKey = dir.resolve("data/keys/recovery-public.pem");
    assertThat(created.out())
        .contains("RSA-4096")
        .contains("public-key: " + publicKey.toAbsolutePath())
        .contains("Move the private key offline");
    assertThat(RecoveryKeyFiles.readPublicKey(publicKey, "public-key")).isNotNull();
    assertThat(RecoveryKeyFiles.readPrivateKey(privateKey, PASSPHRASE.toCharArray(), "private-key"))
        .isNotNull();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateKey)))
        .isEqualTo("rw-------");

    Run again =
        run(
            "keys",
            "recovery-init",
            "--config",
            config.toString(),
            "--private-key",
            dir.resolve("other.pem").toString(),
            "--password-file",
            passphrase.toString());
    assertThat(again.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(again.err()).contains("never replaced");
  }

  @Test
  void aShortPassphraseOrNoPassphraseSourceCreatesNothing() throws Exception {
    Path config = dir.resolve("gatevault.yml");
    Files.writeString(config, "data-dir: data\n");
    Path shortPassphrase = dir.resolve("short.pass");
    Files.writeString(shortPassphrase, "too short\n");

    Run tooShort =
        run(
            "keys",
            "recovery-init",
            "--config",
            config.toString(),
            "--private-key",
            dir.resolve("a.pem").toString(),
            "--password-file",
            shortPassphrase.toString());
    Run noSource =
        run(
            "keys",
            "recovery-init",
            "--config",
            config.toString(),
            "--private-key",
            dir.resolve("b.pem").toString());

    assertThat(tooShort.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(tooShort.err()).contains("at least 12 characters");
    assertThat(noSource.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(noSource.err()).contains("--password-env or --password-file");
    assertThat(dir.resolve("a.pem")).doesNotExist();
    assertThat(dir.resolve("b.pem")).doesNotExist();
    assertThat(dir.resolve("data/keys/recovery-public.pem")).doesNotExist();
  }
}

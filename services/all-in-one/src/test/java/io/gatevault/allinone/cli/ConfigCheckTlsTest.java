package io.gatevault.allinone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatevault.tls.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gatevault config check} with a tls section: resolved settings shown, never a password. */
class ConfigCheckTlsTest {

  private static final TestCertificates CERTS = TestCertificates.shared();

  @TempDir Path dir;

  private record Run(int exit, String out) {}

  private Run check(String yaml) throws Exception {
    Path file = dir.resolve("gatevault.yml");
    Files.writeString(file, yaml);
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      int exit =
          GatevaultCommand.commandLine()
              .setErr(new java.io.PrintWriter(new java.io.StringWriter()))
              .execute("config", "check", "--json", "--config", file.toString());
      return new Run(exit, captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(original);
    }
  }

  @Test
  void theResolvedTlsSettingsArePrintedWithWhereThePasswordIsButNotThePassword() throws Exception {
    Run run =
        check(
            "tls:\n  trust-store: {path: "
                + CERTS.trustStore()
                + ", password-file: "
                + CERTS.passwordFile()
                + "}\n");

    assertThat(run.exit()).as(run.out()).isZero();
    JsonNode tls = new ObjectMapper().readTree(run.out()).path("config").path("tls");
    assertThat(tls.path("defaults").path("trustStore").path("path").asText())
        .endsWith(CERTS.trustStore().getFileName().toString());
    assertThat(tls.path("defaults").path("trustStore").path("password").path("file").asText())
        .endsWith(CERTS.passwordFile().getFileName().toString());
    assertThat(tls.path("defaults").path("protocols").toString())
        .isEqualTo("[\"TLSv1.3\",\"TLSv1.2\"]");
    assertThat(run.out()).doesNotContain(TestCertificates.PASSWORD);
  }

  @Test
  void aMissingTrustStoreExitsWithTwoNamingTheSetting() throws Exception {
    Run run = check("tls:\n  trust-store: {path: nowhere.p12, password-env: GV_TEST_TLS_PW}\n");

    assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.out()).contains("tls.trust-store");
  }
}

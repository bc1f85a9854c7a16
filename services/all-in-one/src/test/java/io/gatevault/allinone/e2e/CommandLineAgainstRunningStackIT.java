package io.gatevault.allinone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatevault.allinone.cli.ExitCodes;
import io.gatevault.testsupport.CaddyProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code gatevault} commands as an operator types them, against a running stack and a real
 * Caddy: backup, list and show (text and --json), restore --dry-run, prune --dry-run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandLineAgainstRunningStackIT {

  private static final String GATEWAY = "caddy-cli";

  @TempDir static Path dir;
  private CaddyProcess caddy;
  private E2eFixture fixture;

  @BeforeAll
  void start() throws Exception {
    caddy =
        CaddyProcess.start(
            "{\"apps\":{\"http\":{\"servers\":{\"s\":{\"listen\":[\"127.0.0.1:"
                + CaddyProcess.freePort()
                + "\"],\"routes\":[{\"@id\":\"hello\",\"match\":[{\"path\":[\"/hello\"]}],"
                + "\"handle\":[{\"handler\":\"static_response\",\"body\":\"hi\"}]}]}}}}}");
    fixture = new E2eFixture(dir);
    fixture.writeConfig(
        """
        data-dir: data
        residency: {test: [local, offsite]}
        registry: {port: %d}
        control-plane: {port: %d}
        gateways:
          - {id: %s, type: caddy, admin-url: "%s", environment: test, application: cli,
             owner: sre}
        """
            .formatted(0, 0, GATEWAY, caddy.adminUrl()));
    fixture.startStack();
  }

  @AfterAll
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
    if (caddy != null) {
      caddy.close();
    }
  }

  @Test
  void anOperatorBacksUpListsShowsRestoresAndPrunesFromTheCommandLine() throws Exception {
    E2eFixture.Run backup =
        fixture.cliStdoutOnline("backup", GATEWAY, "--description", "before release 7");
    assertThat(backup.exit()).as(backup.out()).isZero();
    assertThat(backup.out()).contains("backup of " + GATEWAY + " requested");

    JsonNode entry = awaitVerified();
    String name = entry.path("name").asText();

    E2eFixture.Run list = fixture.cliStdoutOnline("list", GATEWAY);
    assertThat(list.out()).contains("NAME").contains(name).contains("SUCCESS").contains("v1");

    E2eFixture.Run show = fixture.cliStdoutOnline("show", name);
    assertThat(show.exit()).isZero();
    assertThat(show.out())
        .contains("description           before release 7")
        .contains("tag Environment       test")
        .contains("replica local")
        .contains("replica offsite")
        .contains("sha-256 " + entry.path("sha256").asText());

    E2eFixture.Run missing = fixture.cliStdoutOnline("show", "no-such-backup");
    assertThat(missing.exit()).isEqualTo(ExitCodes.FAILED);

    E2eFixture.Run dryRestore =
        fixture.cliStdoutOnline("restore", GATEWAY, "--backup", name, "--dry-run", "--wait", "60");
    assertThat(dryRestore.exit()).as(dryRestore.out()).isZero();
    assertThat(dryRestore.out()).contains("dry run").contains("integrity-check").contains("diff");

    E2eFixture.Run prune = fixture.cliStdoutOnline("prune", GATEWAY, "--dry-run", "--wait", "60");
    assertThat(prune.exit()).as(prune.out()).isZero();
    assertThat(prune.out()).contains("keep").contains(name).contains("0 would be removed");

    // Disaster recovery: with Kafka and every service gone, one target alone tells the catalog.
    String controlPlane = fixture.stack().controlPlaneUrl();
    fixture.stopStack();
    E2eFixture.Run rebuilt = fixture.cliStdout("catalog", "rebuild", "--from", "offsite", "--json");
    assertThat(rebuilt.exit()).as(rebuilt.out()).isZero();
    JsonNode catalog = new ObjectMapper().readTree(rebuilt.out());
    assertThat(catalog.path("backups")).hasSize(1);
    assertThat(catalog.path("backups").get(0).path("name").asText()).isEqualTo(name);
    assertThat(catalog.path("backups").get(0).path("status").asText()).isEqualTo("SUCCESS");
    assertThat(catalog.path("backups").get(0).path("complete").asBoolean()).isTrue();
    assertThat(controlPlane).isNotBlank();

    // Key rotation: add a key, make it the configured one, re-wrap every backup under it, remove
    // the old key from the keystore - and the backup still opens (restore's integrity check).
    E2eFixture.Run added = fixture.cliStdout("keys", "add", "--alias", "kek-2");
    assertThat(added.exit()).as(added.out()).isZero();
    fixture.writeConfig(
        Files.readString(fixture.configFile()) + "keyring: {key-alias: kek-2, key-version: 2}\n");
    E2eFixture.Run rotated =
        fixture.cliStdout("keys", "rotate", "--from-alias", "gatevault-kek", "--from-version", "1");
    assertThat(rotated.exit()).as(rotated.out()).isZero();
    assertThat(rotated.out()).contains("re-wrapped").contains("complete");
    removeKey("gatevault-kek");
    fixture.startStack();
    E2eFixture.Run afterRotation =
        fixture.cliStdoutOnline("restore", GATEWAY, "--backup", name, "--dry-run", "--wait", "60");
    assertThat(afterRotation.exit()).as(afterRotation.out()).isZero();
    assertThat(afterRotation.out()).contains("integrity-check").contains("SUCCESS");
    fixture.stopStack();

    E2eFixture.Run compliant = fixture.cliStdout("compliance", "--json");
    assertThat(compliant.exit()).as(compliant.out()).isZero();
    JsonNode report = new ObjectMapper().readTree(compliant.out()).path("report").get(0);
    assertThat(report.path("copiesCount").asInt()).isEqualTo(3);
    assertThat(report.path("mediaCount").asInt()).isEqualTo(2);
    assertThat(report.path("offSiteCount").asInt()).isEqualTo(1);
    assertThat(report.path("meets321").asBoolean()).isTrue();
    assertThat(report.path("resident").asBoolean()).isTrue();
    assertThat(report.path("copies"))
        .extracting(c -> c.path("region").asText())
        .containsExactlyInAnyOrder("local", "local", "offsite");

    // Lose the off-site copy: the backup no longer meets 3-2-1, and the report says so.
    try (var files = Files.walk(dir.resolve("data/targets/offsite"))) {
      for (Path manifest : files.filter(p -> p.toString().contains("/manifests/")).toList()) {
        Files.delete(manifest);
      }
    }
    E2eFixture.Run broken = fixture.cliStdout("compliance");
    assertThat(broken.exit()).as(broken.out()).isEqualTo(ExitCodes.FAILED);
    assertThat(broken.out()).contains(name).contains("NO").contains("1 breaking a rule");
  }

  /** Disables a key the way an operator would: it leaves the keystore. */
  private void removeKey(String alias) throws Exception {
    Path keystore = dir.resolve("data/keys/keyring.p12");
    char[] passphrase =
        Files.readString(dir.resolve("data/keys/keyring.pass")).strip().toCharArray();
    java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(keystore)) {
      store.load(in, passphrase);
    }
    store.deleteEntry(alias);
    try (var out = Files.newOutputStream(keystore)) {
      store.store(out, passphrase);
    }
  }

  private JsonNode awaitVerified() throws Exception {
    Instant deadline = Instant.now().plusSeconds(90);
    while (Instant.now().isBefore(deadline)) {
      E2eFixture.Run list = fixture.cliStdoutOnline("list", GATEWAY, "--json");
      JsonNode backups = new ObjectMapper().readTree(list.out()).path("backups");
      if (backups.size() > 0 && "SUCCESS".equals(backups.get(0).path("status").asText())) {
        return backups.get(0);
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the backup was not verified within 90 s");
  }
}

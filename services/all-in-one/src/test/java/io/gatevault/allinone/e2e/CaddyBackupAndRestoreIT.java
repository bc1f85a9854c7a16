package io.gatevault.allinone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatevault.allinone.cli.ControlPlaneClient;
import io.gatevault.testsupport.CaddyProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first real backup and restore, end to end through every service, against a real Caddy:
 * capture → encrypt → replicate (three folders) → verify → catalog, then a bad release, a restore,
 * and HTTP requests through Caddy proving routes and basic auth behave exactly as before. Then the
 * failure modes: a damaged and a missing replica reported by verify, and a restore with the wrong
 * key refused without touching the gateway.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CaddyBackupAndRestoreIT {

  private static final String GATEWAY = "caddy-shop";
  private static final Duration PIPELINE = Duration.ofSeconds(90);

  @TempDir static Path dir;
  private E2eFixture fixture;
  private CaddyProcess caddy;
  private ControlPlaneClient api;
  private List<String> releaseOne;
  private JsonNode backup;

  @BeforeAll
  void startCaddyAndGatevault() throws Exception {
    fixture = new E2eFixture(dir);
    fixture.sitePort(CaddyProcess.freePort());
    caddy = CaddyProcess.start(fixture.caddyConfig("caddy-release-1.json"));
    releaseOne = observe();
    fixture.writeConfig(
        """
            data-dir: data
            registry: {port: %d}
            control-plane: {port: %d}
            keyring: {keystore: keys/keyring.p12, password-file: keys/keyring.pass}
            storage:
              targets:
                - {id: local, path: targets/local, medium: FILESYSTEM}
                - {id: removable, path: targets/removable, medium: REMOVABLE_MEDIA}
                - {id: offsite, path: targets/offsite, medium: FILESYSTEM, off-site: true}
            gateways:
              - {id: %s, type: caddy, admin-url: "%s", environment: test, application: shop,
                 owner: platform-team}
            """
            .formatted(0, 0, GATEWAY, caddy.adminUrl()));
    startStack();
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
  @Order(1)
  void aBackupIsSealedReplicatedToThreeTargetsAndVerified() throws Exception {
    ControlPlaneClient.Reply requested =
        api.post(
            "/api/v1/gateways/" + GATEWAY + "/backups",
            Map.of("type", "FULL", "description", "release 1", "requestedBy", "e2e"),
            "e2e-release-1");
    assertThat(requested.status()).as(requested.body().toString()).isEqualTo(202);

    backup = awaitNewestBackup(b -> "SUCCESS".equals(b.path("status").asText()));

    assertThat(backup.path("name").asText()).matches(GATEWAY + "-\\d{8}-\\d{4}-full\\.json");
    assertThat(backup.path("version").asInt()).isEqualTo(1);
    assertThat(backup.path("description").asText()).isEqualTo("release 1");
    assertThat(backup.path("tags").path("Environment").asText()).isEqualTo("test");
    assertThat(backup.path("tags").path("BackupType").asText()).isEqualTo("FULL");
    assertThat(backup.path("replicas")).hasSize(3);
    for (JsonNode replica : backup.path("replicas")) {
      assertThat(replica.path("sha256").asText()).isEqualTo(backup.path("sha256").asText());
    }
    // What is stored is ciphertext: the route names of the configuration appear nowhere.
    for (Path sealed : sealedSnapshots()) {
      assertThat(new String(Files.readAllBytes(sealed), StandardCharsets.ISO_8859_1))
          .doesNotContain("hello from release 1")
          .doesNotContain("alice");
    }
  }

  @Test
  @Order(2)
  void restoringAfterABadReleaseBringsBackRoutesAndBasicAuthExactly() throws Exception {
    caddy.load(fixture.caddyConfig("caddy-release-2-broken.json"));
    assertThat(observe()).isNotEqualTo(releaseOne);

    JsonNode done = restore(backup.path("artifactId").asText());

    assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
    assertThat(observe()).isEqualTo(releaseOne);
  }

  @Test
  @Order(3)
  void aDamagedAndAMissingReplicaAreReportedByVerify() throws Exception {
    Path damaged = sealedSnapshot("removable");
    byte[] bytes = Files.readAllBytes(damaged);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(damaged, bytes);
    Files.delete(sealedSnapshot("offsite"));

    ControlPlaneClient.Reply verify =
        api.post(
            "/api/v1/backups/" + backup.path("artifactId").asText() + "/verify",
            Map.of("requestedBy", "e2e"),
            null);
    assertThat(verify.status()).as(verify.body().toString()).isEqualTo(202);

    JsonNode verified = awaitNewestBackup(b -> "PARTIAL".equals(b.path("status").asText()));
    List<String> failed = new ArrayList<>();
    for (JsonNode check : verified.path("checks")) {
      if (!check.path("passed").asBoolean()) {
        failed.add(check.path("targetId").asText() + ": " + check.path("detail").asText());
      }
    }
    assertThat(failed).anyMatch(f -> f.startsWith("removable"));
    assertThat(failed).anyMatch(f -> f.startsWith("offsite"));
    assertThat(failed).noneMatch(f -> f.startsWith("local"));
  }

  @Test
  @Order(4)
  void restoringWithTheWrongKeyFailsClearlyAndLeavesTheGatewayUntouched() throws Exception {
    fixture.stopStack();
    // Another key-encryption key under the same settings: the embedded default creates it.
    Path keys = dir.resolve("keys");
    try (Stream<Path> files = Files.list(keys)) {
      for (Path file : files.toList()) {
        Files.move(file, dir.resolve("old-" + file.getFileName()));
      }
    }
    startStack();
    caddy.load(fixture.caddyConfig("caddy-release-2-broken.json"));
    String before = caddy.config();

    JsonNode done = restore(backup.path("artifactId").asText());

    assertThat(done.path("status").asText()).isEqualTo("FAILED");
    assertThat(done.toString()).containsIgnoringCase("key");
    assertThat(caddy.config()).isEqualTo(before);
  }

  private void startStack() {
    fixture.startStack();
    api = fixture.controlPlane();
  }

  private JsonNode restore(String artifactId) throws Exception {
    return fixture.restoreThroughControlPlane(GATEWAY, artifactId, false);
  }

  private JsonNode awaitNewestBackup(Predicate<JsonNode> ready) throws Exception {
    Instant deadline = Instant.now().plus(PIPELINE);
    JsonNode last = null;
    while (Instant.now().isBefore(deadline)) {
      JsonNode backups = api.get("/api/v1/backups?gateway=" + GATEWAY + "&limit=1").body();
      if (backups.path("backups").size() > 0) {
        last = backups.path("backups").get(0);
        if (ready.test(last)) {
          return last;
        }
      }
      Thread.sleep(300);
    }
    throw new AssertionError("the catalog did not reach the expected state; last: " + last);
  }

  /** What clients see through Caddy: status, body and the release header of each request. */
  private List<String> observe() throws Exception {
    List<String> seen = new ArrayList<>();
    seen.add(fixture.get("/hello", null));
    seen.add(fixture.get("/orders/42", null));
    seen.add(fixture.get("/admin/panel", null));
    seen.add(fixture.get("/admin/panel", "alice:wrong"));
    seen.add(fixture.get("/admin/panel", "alice:open-sesame"));
    return seen;
  }

  private List<Path> sealedSnapshots() throws IOException {
    try (Stream<Path> files = Files.walk(dir.resolve("targets"))) {
      return files
          .filter(p -> p.toString().endsWith(".gvx") && p.toString().contains("/snapshots/"))
          .toList();
    }
  }

  private Path sealedSnapshot(String target) throws IOException {
    return sealedSnapshots().stream()
        .filter(p -> p.startsWith(dir.resolve("targets").resolve(target)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no sealed snapshot on target " + target));
  }
}

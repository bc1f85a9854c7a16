package io.gatevault.allinone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatevault.allinone.cli.ExitCodes;
import io.gatevault.core.storage.RepositoryLayout;
import io.gatevault.testsupport.CaddyProcess;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints on the embedded stack with a real Caddy: with {@code changes.checkpoint-every: 3},
 * capture writes a checkpoint from its change feed each time the gateway's sequence crosses a
 * multiple of 3; each reaches all three targets, verified, and is listed with {@code list
 * --checkpoints}. A point-in-time restore to a moment after a checkpoint newer than the full backup
 * starts from it (the report says so) and yields exactly the configuration recorded at that moment,
 * through the control plane and, with the stack stopped, from one target alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CheckpointPointInTimeIT {

  private static final String GATEWAY = "caddy-checkpoints";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private E2eFixture fixture;
  private CaddyProcess caddy;
  private long fullBackupWatermark;
  private final List<Moment> moments = new ArrayList<>();

  private record Moment(Instant at, long lastSequence, String config, List<String> traffic) {}

  @BeforeAll
  void captureBackUpAndChange() throws Exception {
    fixture = new E2eFixture(dir);
    fixture.sitePort(CaddyProcess.freePort());
    caddy = fixture.startCaddy(fixture.caddyConfig("caddy-release-1.json"));
    fixture.writeConfigOnThreeTargets(
        """
        gateways:
          - {id: %s, type: caddy, admin-url: "%s", environment: test, application: shop,
             owner: platform-team, poll-interval: 200ms}
        changes: {segment-events: 1000, segment-seconds: 1, checkpoint-every: 3}
        """
            .formatted(GATEWAY, caddy.adminUrl()));
    fixture.startStack();
    fixture.awaitChangesAbove(GATEWAY, 0);

    fixture.requestFullBackup(GATEWAY, "before the changes", "checkpoints-full");
    fixture.awaitVerifiedFullBackup(GATEWAY);
    fullBackupWatermark = fixture.lastSequence(GATEWAY);

    List<Consumer<ObjectNode>> script =
        List.of(
            ShopRoutes::helloBecomesReleaseTwo,
            ShopRoutes::statusRouteIsAdded,
            ShopRoutes::ordersRouteIsRemoved);
    for (Consumer<ObjectNode> step : script) {
      Instant at = fixture.changeBehindGatevaultsBack(caddy, GATEWAY, step);
      moments.add(new Moment(at, fixture.lastSequence(GATEWAY), caddy.config(), observe()));
    }
    fixture.awaitVerifiedSegmentEndingAt(GATEWAY, fixture.lastSequence(GATEWAY));
    caddy.load(fixture.caddyConfig("caddy-release-2-broken.json"));
  }

  @AfterAll
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  @Order(1)
  void checkpointsAreOnEveryTargetVerifiedAndListed() throws Exception {
    List<JsonNode> checkpoints = awaitVerifiedCheckpointsAfter(fullBackupWatermark);

    // One checkpoint per multiple of 3 crossed: at the first state recorded at or after it.
    assertThat(
            checkpoints.stream()
                .map(checkpoint -> checkpoint.path("tags").path("Watermark").asLong() / 3)
                .distinct()
                .count())
        .isEqualTo(checkpoints.size());
    for (JsonNode checkpoint : checkpoints) {
      long watermark = checkpoint.path("tags").path("Watermark").asLong();
      assertThat(checkpoint.path("name").asText()).isEqualTo("checkpoint-" + watermark);
      assertThat(checkpoint.path("replicas")).hasSize(3);
      assertThat(checkpoint.path("checks")).hasSize(3).allMatch(c -> c.path("passed").asBoolean());
      for (String target : E2eFixture.TARGET_IDS) {
        assertThat(
                dir.resolve("targets")
                    .resolve(target)
                    .resolve(RepositoryLayout.checkpoint("test", GATEWAY, watermark)))
            .isRegularFile();
      }
    }
    // Not listed among the backups unless asked for.
    E2eFixture.Run plain = fixture.cliOnline("list", GATEWAY, "--json");
    assertThat(plain.out()).doesNotContain("\"CHECKPOINT\"");
    E2eFixture.Run table = fixture.cliOnline("list", GATEWAY, "--checkpoints");
    assertThat(table.exit()).as(table.out()).isEqualTo(ExitCodes.OK);
    assertThat(table.out()).contains("checkpoint seq ").contains("CHECKPOINT");
  }

  @Test
  @Order(2)
  void aMomentAfterACheckpointIsRebuiltFromItThroughTheControlPlane() throws Exception {
    Moment moment = momentAfterACheckpoint();

    E2eFixture.Run restored =
        fixture.cliOnline("restore", GATEWAY, "--at", moment.at().plusMillis(300).toString());

    assertThat(restored.exit()).as(restored.out()).isEqualTo(ExitCodes.OK);
    assertThat(restored.out()).contains("base checkpoint ").contains("composed on snapshot");
    assertThat(caddy.config()).isEqualTo(moment.config());
    assertThat(observe()).isEqualTo(moment.traffic());
  }

  @Test
  @Order(3)
  void withTheStackStoppedTheCheckpointIsUsedFromOneTargetAlone() throws Exception {
    Moment moment = momentAfterACheckpoint();
    fixture.stopStack();
    caddy.load(fixture.caddyConfig("caddy-release-2-broken.json"));

    E2eFixture.Run restored =
        fixture.cliStdout(
            "restore",
            GATEWAY,
            "--at",
            moment.at().plusMillis(300).toString(),
            "--from",
            "offsite",
            "--json");

    assertThat(restored.exit()).as(restored.out()).isIn(ExitCodes.OK, ExitCodes.LOG_INCOMPLETE);
    JsonNode report = JSON.readTree(restored.out());
    JsonNode base = report.path("replayBase");
    assertThat(base.path("kind").asText()).as(restored.out()).isEqualTo("checkpoint");
    assertThat(base.path("composedOnSnapshot").asText()).isNotBlank();
    assertThat(report.path("changesReplayed").asLong())
        .isEqualTo(moment.lastSequence() - base.path("watermark").asLong());
    assertThat(report.path("skippedCheckpoints")).isEmpty();
    assertThat(restored.out()).contains("base checkpoint ");
    // The catalog from that target alone lists the checkpoints only when asked.
    E2eFixture.Run catalog =
        fixture.cliStdout("catalog", "rebuild", "--from", "offsite", "--checkpoints", "--json");
    assertThat(catalog.exit()).as(catalog.out()).isZero();
    assertThat(catalog.out()).contains("\"checkpoint-");
    assertThat(fixture.cliStdout("catalog", "rebuild", "--from", "offsite", "--json").out())
        .doesNotContain("\"checkpoint-");
    assertThat(caddy.config()).isEqualTo(moment.config());
    assertThat(observe()).isEqualTo(moment.traffic());
  }

  /** The first recorded moment at or after the oldest checkpoint newer than the full backup. */
  private Moment momentAfterACheckpoint() throws Exception {
    long oldest =
        awaitVerifiedCheckpointsAfter(fullBackupWatermark).stream()
            .mapToLong(checkpoint -> checkpoint.path("tags").path("Watermark").asLong())
            .min()
            .orElseThrow();
    return moments.stream()
        .filter(moment -> moment.lastSequence() >= oldest)
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no recorded moment after checkpoint " + oldest + " in " + moments));
  }

  /**
   * Checkpoints newer than {@code watermark}, verified on every target, as the catalog lists them.
   */
  private List<JsonNode> awaitVerifiedCheckpointsAfter(long watermark) throws Exception {
    Instant deadline = Instant.now().plus(E2eFixture.WAIT);
    List<JsonNode> found = new ArrayList<>();
    String last = "";
    while (Instant.now().isBefore(deadline)) {
      E2eFixture.Run listed = fixture.cliStdoutOnline("list", GATEWAY, "--checkpoints", "--json");
      last = listed.out();
      found.clear();
      if (listed.exit() == ExitCodes.OK) {
        for (JsonNode backup : JSON.readTree(listed.out()).path("backups")) {
          if ("CHECKPOINT".equals(backup.path("type").asText(backup.path("backupType").asText()))
              && backup.path("tags").path("Watermark").asLong() > watermark
              && "SUCCESS".equals(backup.path("status").asText())
              && backup.path("replicas").size() == 3) {
            found.add(backup);
          }
        }
      }
      if (!found.isEmpty()) {
        return List.copyOf(found);
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "no checkpoint after sequence " + watermark + " verified on three targets: " + last);
  }

  private List<String> observe() throws Exception {
    List<String> seen = new ArrayList<>();
    seen.add(fixture.get("/hello", null));
    seen.add(fixture.get("/orders/42", null));
    seen.add(fixture.get("/status", null));
    seen.add(fixture.get("/admin/panel", null));
    seen.add(fixture.get("/admin/panel", "alice:open-sesame"));
    return seen;
  }
}

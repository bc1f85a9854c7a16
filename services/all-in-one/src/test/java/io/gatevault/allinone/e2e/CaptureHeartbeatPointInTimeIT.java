package io.gatevault.allinone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatevault.allinone.cli.ExitCodes;
import io.gatevault.core.changes.CaptureHeartbeat;
import io.gatevault.restore.adapter.KafkaCaptureHeartbeats;
import io.gatevault.stream.GatevaultTopics;
import io.gatevault.testsupport.CaddyProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A time target later than the last change: capture's heartbeat (and, offline, the coverage storage
 * holds) decides whether the newest known state is the state at that time. On a real Caddy with the
 * pipeline and restore in one stack and capture in another (so capture alone can be stopped): with
 * capture polling and nothing changing, a restore to a moment after the last change is a SUCCESS;
 * with capture stopped and the gateway changed behind its back, a restore to "now" still brings the
 * newest known state back but is PARTIAL naming until when the log is known complete (exit 5);
 * offline from one target with Kafka gone, the same, in --json and in a dry run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CaptureHeartbeatPointInTimeIT {

  private static final String GATEWAY = "caddy-heartbeat";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private CaddyProcess caddy;

  /** The pipeline and restore, with the broker and the control plane. */
  private E2eFixture fixture;

  /** Capture alone, in its own stack on the pipeline's broker. */
  private E2eFixture capture;

  private String releaseOne;
  private String helloOfReleaseOne;

  @BeforeAll
  void stackAndCaptureBackUpTheGateway() throws Exception {
    fixture = new E2eFixture(dir);
    fixture.sitePort(CaddyProcess.freePort());
    caddy = fixture.startCaddy(fixture.caddyConfig("caddy-release-1.json"));
    releaseOne = caddy.config();
    helloOfReleaseOne = hello();
    fixture.writeConfig(
        """
        data-dir: stack-data
        registry: {port: 0}
        control-plane: {port: 0}
        services: [encrypt, replicate, verify, restore, control-plane]
        """
            + E2eFixture.THREE_TARGETS
            + gatewaySection());
    fixture.startStack();
    capture = new E2eFixture(Files.createDirectories(dir.resolve("capture")));
    capture.writeConfig(
        """
        data-dir: capture-data
        kafka: {mode: external, bootstrap-servers: "%s"}
        registry: {mode: external, url: "%s"}
        services: [capture]
        %s
        """
            .formatted(
                fixture.stack().bootstrapServers(),
                fixture.stack().registryUrl(),
                gatewaySection()));
    capture.startStack();
    fixture.awaitChangesAbove(GATEWAY, 0);
    fixture.requestFullBackup(GATEWAY, "release 1", "heartbeat-full");
    fixture.awaitVerifiedFullBackup(GATEWAY);
  }

  @AfterAll
  void stop() {
    if (capture != null) {
      capture.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  @Order(1)
  void withCaptureRunningAndNothingChangedAMomentAfterTheLastChangeIsRestoredAsSuccess()
      throws Exception {
    Instant moment = Instant.now();
    CaptureHeartbeat after = awaitHeartbeatAfter(moment);

    E2eFixture.Run restored = fixture.cliOnline("restore", GATEWAY, "--at", moment.toString());

    assertThat(restored.exit()).as(restored.out()).isEqualTo(ExitCodes.OK);
    assertThat(restored.out()).contains("log known complete until").doesNotContain("PARTIAL");
    assertThat(after.polledAt()).isAfter(moment);
    assertThat(caddy.config()).isEqualTo(releaseOne);
    assertThat(hello()).isEqualTo(helloOfReleaseOne);

    E2eFixture.Run status = fixture.cliOnline("status");
    assertThat(status.exit()).as(status.out()).isEqualTo(ExitCodes.OK);
    assertThat(status.out())
        .contains("capture heartbeats (last successful poll per gateway):")
        .containsPattern(GATEWAY + " +sequence " + after.lastSequence() + " +polled ");
  }

  @Test
  @Order(2)
  void withCaptureStoppedAChangeBehindItsBackMakesARestoreToNowPartialNamingTheCoverageTime()
      throws Exception {
    capture.stopStack();
    CaptureHeartbeat last = latestHeartbeat().orElseThrow();
    caddy.load(fixture.caddyConfig("caddy-release-2-broken.json"));
    assertThat(hello()).isNotEqualTo(helloOfReleaseOne);
    // The restore command carries its time in milliseconds.
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    E2eFixture.Run restored = fixture.cliOnline("restore", GATEWAY, "--at", now.toString());

    assertThat(restored.exit()).as(restored.out()).isEqualTo(ExitCodes.LOG_INCOMPLETE);
    assertThat(restored.out())
        .contains("PARTIAL")
        .contains("log known complete until " + last.polledAt())
        .contains("changes between " + last.polledAt() + " and the target " + now)
        .contains("capture behind or down?");
    // The newest known state is still what the gateway gets.
    assertThat(caddy.config()).isEqualTo(releaseOne);
    assertThat(hello()).isEqualTo(helloOfReleaseOne);
  }

  @Test
  @Order(3)
  void offlineWithCoverageOlderThanTheTargetARestoreToNowIsPartialInJsonAndInADryRun()
      throws Exception {
    fixture.stopStack();
    caddy.load(fixture.caddyConfig("caddy-release-2-broken.json"));
    String broken = caddy.config();
    Instant now = Instant.now();

    E2eFixture.Run dryRun =
        fixture.cliStdout(
            "restore", GATEWAY, "--at", now.toString(), "--from", "offsite", "--dry-run", "--json");

    assertThat(dryRun.exit()).as(dryRun.out()).isEqualTo(ExitCodes.LOG_INCOMPLETE);
    JsonNode planned = JSON.readTree(dryRun.out());
    assertThat(planned.path("outcome").asText()).isEqualTo("PARTIAL");
    assertThat(planned.path("logComplete").asBoolean(true)).isFalse();
    Instant coveredUntil = Instant.parse(planned.path("logKnownCompleteUntil").asText());
    assertThat(coveredUntil).isBefore(now);
    assertThat(planned.path("message").asText())
        .startsWith("dry run: ")
        .contains("log known complete until " + coveredUntil)
        .contains("changes between " + coveredUntil + " and the target " + now);
    assertThat(caddy.config()).isEqualTo(broken);

    E2eFixture.Run restored =
        fixture.cliStdout(
            "restore", GATEWAY, "--at", now.toString(), "--from", "offsite", "--json");

    assertThat(restored.exit()).as(restored.out()).isEqualTo(ExitCodes.LOG_INCOMPLETE);
    JsonNode report = JSON.readTree(restored.out());
    assertThat(report.path("outcome").asText()).isEqualTo("PARTIAL");
    assertThat(report.path("logKnownCompleteUntil").asText()).isEqualTo(coveredUntil.toString());
    assertThat(report.path("steps"))
        .anySatisfy(
            step -> {
              assertThat(step.path("step").asText()).isEqualTo("replay");
              assertThat(step.path("outcome").asText()).isEqualTo("PARTIAL");
            });
    assertThat(caddy.config()).isEqualTo(releaseOne);
    assertThat(hello()).isEqualTo(helloOfReleaseOne);
  }

  private String gatewaySection() {
    return """
        gateways:
          - {id: %s, type: caddy, admin-url: "%s", environment: test, application: shop,
             owner: platform-team, poll-interval: 200ms}
        """
        .formatted(GATEWAY, caddy.adminUrl());
  }

  private Optional<CaptureHeartbeat> latestHeartbeat() {
    try (KafkaCaptureHeartbeats heartbeats =
        new KafkaCaptureHeartbeats(
            Map.of("bootstrap.servers", fixture.stack().bootstrapServers()),
            GatevaultTopics.CAPTURE_HEARTBEATS,
            Duration.ofSeconds(20))) {
      return heartbeats.latestOf(GATEWAY);
    }
  }

  private CaptureHeartbeat awaitHeartbeatAfter(Instant moment) throws InterruptedException {
    Instant deadline = Instant.now().plus(E2eFixture.WAIT);
    while (Instant.now().isBefore(deadline)) {
      Optional<CaptureHeartbeat> latest = latestHeartbeat();
      if (latest.isPresent() && latest.get().polledAt().isAfter(moment)) {
        return latest.get();
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "capture wrote no heartbeat after " + moment + " within " + E2eFixture.WAIT);
  }

  private String hello() {
    return fixture.get("/hello", null);
  }
}

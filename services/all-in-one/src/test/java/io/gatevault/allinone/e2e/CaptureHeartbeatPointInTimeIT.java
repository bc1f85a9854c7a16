package io.gatevault.allinone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatevault.allinone.cli.ControlPlaneClient;
import io.gatevault.allinone.cli.ExitCodes;
import io.gatevault.allinone.cli.GatevaultCommand;
import io.gatevault.allinone.config.ConfigLoader;
import io.gatevault.allinone.stack.EmbeddedStack;
import io.gatevault.allinone.stack.Progress;
import io.gatevault.core.changes.CaptureHeartbeat;
import io.gatevault.core.event.ConfigChange;
import io.gatevault.restore.adapter.KafkaCaptureHeartbeats;
import io.gatevault.stream.GatevaultTopics;
import io.gatevault.stream.testing.TopicProbe;
import io.gatevault.testsupport.CaddyProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
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
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private int sitePort;
  private CaddyProcess caddy;
  private Path stackConfig;
  private EmbeddedStack stack;
  private EmbeddedStack capture;
  private ControlPlaneClient api;
  private String releaseOne;
  private String helloOfReleaseOne;

  /**
   * @param out what the command printed, log lines included
   * @param standardOut what it printed on standard output
   */
  private record Run(int exit, String out, String standardOut) {

    /** The --json document: the last thing printed, after any log lines of the run. */
    String json() {
      int start = standardOut.lastIndexOf("{\n  \"commandId\"");
      return start < 0 ? standardOut : standardOut.substring(start);
    }
  }

  @BeforeAll
  void stackAndCaptureBackUpTheGateway() throws Exception {
    sitePort = CaddyProcess.freePort();
    caddy = CaddyProcess.start(caddyConfig("caddy-release-1.json"));
    releaseOne = caddy.config();
    helloOfReleaseOne = get("/hello");
    stackConfig = dir.resolve("stack.yml");
    Files.writeString(
        stackConfig,
        """
        data-dir: stack-data
        registry: {port: 0}
        control-plane: {port: 0}
        services: [encrypt, replicate, verify, restore, control-plane]
        storage:
          targets:
            - {id: local, path: targets/local, medium: FILESYSTEM}
            - {id: removable, path: targets/removable, medium: REMOVABLE_MEDIA}
            - {id: offsite, path: targets/offsite, medium: FILESYSTEM, off-site: true}
        %s
        """
            .formatted(gatewaySection()));
    stack =
        new EmbeddedStack(
                ConfigLoader.load(stackConfig),
                new Progress(new PrintStream(new ByteArrayOutputStream()), 9))
            .start();
    api = new ControlPlaneClient(stack.controlPlaneUrl());
    Path captureConfig = dir.resolve("capture.yml");
    Files.writeString(
        captureConfig,
        """
        data-dir: capture-data
        kafka: {mode: external, bootstrap-servers: "%s"}
        registry: {mode: external, url: "%s"}
        services: [capture]
        %s
        """
            .formatted(stack.bootstrapServers(), stack.registryUrl(), gatewaySection()));
    capture =
        new EmbeddedStack(
                ConfigLoader.load(captureConfig),
                new Progress(new PrintStream(new ByteArrayOutputStream()), 9))
            .start();
    awaitAChange();
    ControlPlaneClient.Reply requested =
        api.post(
            "/api/v1/gateways/" + GATEWAY + "/backups",
            Map.of("type", "FULL", "description", "release 1", "requestedBy", "e2e"),
            "heartbeat-full");
    assertThat(requested.status()).as(requested.body().toString()).isEqualTo(202);
    awaitVerifiedFullBackup();
  }

  @AfterAll
  void stop() {
    if (capture != null) {
      capture.close();
    }
    if (stack != null) {
      stack.close();
    }
    if (caddy != null) {
      caddy.close();
    }
  }

  @Test
  @Order(1)
  void withCaptureRunningAndNothingChangedAMomentAfterTheLastChangeIsRestoredAsSuccess()
      throws Exception {
    Instant moment = Instant.now();
    CaptureHeartbeat after = awaitHeartbeatAfter(moment);

    Run restored =
        cli("restore", GATEWAY, "--at", moment.toString(), "--url", stack.controlPlaneUrl());

    assertThat(restored.exit()).as(restored.out()).isEqualTo(ExitCodes.OK);
    assertThat(restored.out()).contains("log known complete until").doesNotContain("PARTIAL");
    assertThat(after.polledAt()).isAfter(moment);
    assertThat(caddy.config()).isEqualTo(releaseOne);
    assertThat(get("/hello")).isEqualTo(helloOfReleaseOne);

    Run status = cli("status", "--url", stack.controlPlaneUrl());
    assertThat(status.exit()).as(status.out()).isEqualTo(ExitCodes.OK);
    assertThat(status.out())
        .contains("capture heartbeats (last successful poll per gateway):")
        .containsPattern(GATEWAY + " +sequence " + after.lastSequence() + " +polled ");
  }

  @Test
  @Order(2)
  void withCaptureStoppedAChangeBehindItsBackMakesARestoreToNowPartialNamingTheCoverageTime()
      throws Exception {
    capture.close();
    capture = null;
    CaptureHeartbeat last = latestHeartbeat().orElseThrow();
    caddy.load(caddyConfig("caddy-release-2-broken.json"));
    assertThat(get("/hello")).isNotEqualTo(helloOfReleaseOne);
    // The restore command carries its time in milliseconds.
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    Run restored =
        cli("restore", GATEWAY, "--at", now.toString(), "--url", stack.controlPlaneUrl());

    assertThat(restored.exit()).as(restored.out()).isEqualTo(ExitCodes.LOG_INCOMPLETE);
    assertThat(restored.out())
        .contains("PARTIAL")
        .contains("log known complete until " + last.polledAt())
        .contains("changes between " + last.polledAt() + " and the target " + now)
        .contains("capture behind or down?");
    // The newest known state is still what the gateway gets.
    assertThat(caddy.config()).isEqualTo(releaseOne);
    assertThat(get("/hello")).isEqualTo(helloOfReleaseOne);
  }

  @Test
  @Order(3)
  void offlineWithCoverageOlderThanTheTargetARestoreToNowIsPartialInJsonAndInADryRun()
      throws Exception {
    stack.close();
    stack = null;
    caddy.load(caddyConfig("caddy-release-2-broken.json"));
    String broken = caddy.config();
    Instant now = Instant.now();

    Run dryRun =
        cli("restore", GATEWAY, "--at", now.toString(), "--from", "offsite", "--dry-run", "--json");

    assertThat(dryRun.exit()).as(dryRun.out()).isEqualTo(ExitCodes.LOG_INCOMPLETE);
    JsonNode planned = JSON.readTree(dryRun.json());
    assertThat(planned.path("outcome").asText()).isEqualTo("PARTIAL");
    assertThat(planned.path("logComplete").asBoolean(true)).isFalse();
    Instant coveredUntil = Instant.parse(planned.path("logKnownCompleteUntil").asText());
    assertThat(coveredUntil).isBefore(now);
    assertThat(planned.path("message").asText())
        .startsWith("dry run: ")
        .contains("log known complete until " + coveredUntil)
        .contains("changes between " + coveredUntil + " and the target " + now);
    assertThat(caddy.config()).isEqualTo(broken);

    Run restored = cli("restore", GATEWAY, "--at", now.toString(), "--from", "offsite", "--json");

    assertThat(restored.exit()).as(restored.out()).isEqualTo(ExitCodes.LOG_INCOMPLETE);
    JsonNode report = JSON.readTree(restored.json());
    assertThat(report.path("outcome").asText()).isEqualTo("PARTIAL");
    assertThat(report.path("logKnownCompleteUntil").asText()).isEqualTo(coveredUntil.toString());
    assertThat(report.path("steps"))
        .anySatisfy(
            step -> {
              assertThat(step.path("step").asText()).isEqualTo("replay");
              assertThat(step.path("outcome").asText()).isEqualTo("PARTIAL");
            });
    assertThat(caddy.config()).isEqualTo(releaseOne);
    assertThat(get("/hello")).isEqualTo(helloOfReleaseOne);
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
            Map.of("bootstrap.servers", stack.bootstrapServers()),
            GatevaultTopics.CAPTURE_HEARTBEATS,
            Duration.ofSeconds(20))) {
      return heartbeats.latestOf(GATEWAY);
    }
  }

  private CaptureHeartbeat awaitHeartbeatAfter(Instant moment) throws InterruptedException {
    Instant deadline = Instant.now().plus(WAIT);
    while (Instant.now().isBefore(deadline)) {
      Optional<CaptureHeartbeat> latest = latestHeartbeat();
      if (latest.isPresent() && latest.get().polledAt().isAfter(moment)) {
        return latest.get();
      }
      Thread.sleep(500);
    }
    throw new AssertionError("capture wrote no heartbeat after " + moment + " within " + WAIT);
  }

  private void awaitAChange() {
    Instant deadline = Instant.now().plus(WAIT);
    while (Instant.now().isBefore(deadline)) {
      try (TopicProbe probe = new TopicProbe(stack.bootstrapServers(), stack.registryUrl())) {
        if (!probe
            .awaitEvents(
                GatevaultTopics.CHANGES_RAW,
                ConfigChange.class,
                c -> c.gatewayId().equals(GATEWAY),
                1,
                Duration.ofSeconds(2))
            .isEmpty()) {
          return;
        }
      }
    }
    throw new AssertionError("capture published no change of " + GATEWAY + " within " + WAIT);
  }

  private void awaitVerifiedFullBackup() throws Exception {
    Instant deadline = Instant.now().plus(WAIT);
    while (Instant.now().isBefore(deadline)) {
      for (JsonNode backup :
          api.get("/api/v1/backups?gateway=" + GATEWAY + "&limit=10").body().path("backups")) {
        if ("SUCCESS".equals(backup.path("status").asText())) {
          return;
        }
      }
      Thread.sleep(300);
    }
    throw new AssertionError("the full backup was not verified within " + WAIT);
  }

  private String get(String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sitePort + path))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return response.statusCode()
        + " "
        + response.headers().firstValue("X-Release").orElse("-")
        + " "
        + response.body();
  }

  private Run cli(String... args) {
    String[] full =
        Stream.concat(Stream.of(args), Stream.of("--config", stackConfig.toString()))
            .toArray(String[]::new);
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    ByteArrayOutputStream standardOut = new ByteArrayOutputStream();
    PrintStream both = new PrintStream(captured, true, StandardCharsets.UTF_8);
    PrintStream outOnly =
        new PrintStream(
            new java.io.OutputStream() {
              @Override
              public void write(int b) {
                captured.write(b);
                standardOut.write(b);
              }
            },
            true,
            StandardCharsets.UTF_8);
    System.setOut(outOnly);
    System.setErr(both);
    try {
      int exit = GatevaultCommand.commandLine().execute(full);
      return new Run(
          exit,
          captured.toString(StandardCharsets.UTF_8),
          standardOut.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  private String caddyConfig(String resource) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/e2e/" + resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("${SITE_PORT}", Integer.toString(sitePort));
    }
  }
}

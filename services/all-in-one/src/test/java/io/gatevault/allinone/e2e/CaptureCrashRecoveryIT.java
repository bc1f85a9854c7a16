package io.gatevault.allinone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatevault.allinone.GatevaultMain;
import io.gatevault.allinone.cli.ControlPlaneClient;
import io.gatevault.allinone.config.ConfigLoader;
import io.gatevault.allinone.stack.EmbeddedStack;
import io.gatevault.allinone.stack.Progress;
import io.gatevault.core.event.AuditRecord;
import io.gatevault.core.event.ConfigChange;
import io.gatevault.stream.GatevaultTopics;
import io.gatevault.stream.testing.TopicProbe;
import io.gatevault.testsupport.CaddyProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash of capture does not lose its open change segment from storage. The stack without capture
 * runs in this JVM (Kafka, registry, encrypt, replicate, verify, control plane); capture runs in a
 * child JVM ({@code gatevault up} with only capture) against a real Caddy, seals one segment
 * ({@code backup --type incremental}), captures a change made behind Gatevault's back into its open
 * segment and is killed with SIGKILL (no shutdown hook, no clean seal). Capture started again
 * re-reads gatevault.changes.raw from its sealed mark: the segment that reaches storage covers
 * exactly the changes the crash left open, and the sequences in storage are contiguous from 1.
 * Changes the topic no longer holds (deleted as retention would) are audited as {@code
 * changes.segment.lost} with their range, and the rest still reaches storage.
 */
class CaptureCrashRecoveryIT {

  private static final String GATEWAY = "caddy-crash";
  private static final Duration WAIT = Duration.ofSeconds(120);

  @TempDir Path dir;
  private E2eFixture fixture;
  private CaddyProcess caddy;
  private EmbeddedStack restartedCapture;
  private Process crashingCapture;

  @AfterEach
  void stop() {
    if (crashingCapture != null) {
      crashingCapture.destroyForcibly();
    }
    if (restartedCapture != null) {
      restartedCapture.close();
    }
    if (fixture != null) {
      fixture.close();
    }
    if (caddy != null) {
      caddy.close();
    }
  }

  /** What the killed capture left: segment 1-initialReads sealed, the rest up to last open. */
  private record Crash(long initialReads, long lastBeforeCrash) {}

  private ControlPlaneClient api;

  @Test
  void afterAKillTheSegmentInStorageCoversExactlyTheChangesTheCrashLeftOpen() throws Exception {
    Crash crash = crashWithAnOpenSegment();
    long initialReads = crash.initialReads();
    long lastBeforeCrash = crash.lastBeforeCrash();

    restartCapture();

    JsonNode recovered = fixture.awaitVerifiedSegmentStartingAt(GATEWAY, initialReads + 1);
    assertThat(recovered.path("tags").path("LastSequence").asLong()).isEqualTo(lastBeforeCrash);
    assertThat(recovered.path("replicas")).hasSize(3);
    List<JsonNode> segments = fixture.segments(GATEWAY);
    long expectedFirst = 1;
    for (JsonNode segment : segments) {
      assertThat(segment.path("tags").path("FirstSequence").asLong())
          .as("segments in storage are contiguous: " + segments)
          .isEqualTo(expectedFirst);
      expectedFirst = segment.path("tags").path("LastSequence").asLong() + 1;
    }
    assertThat(expectedFirst - 1).isEqualTo(lastBeforeCrash);
    String range = String.format("%020d-%020d", initialReads + 1, lastBeforeCrash);
    for (String target : List.of("local", "removable", "offsite")) {
      assertThat(sealedSegments(target))
          .anyMatch(p -> p.getFileName().toString().equals(range + ".changes.gvx"));
    }
    assertThat(lostAudits(Duration.ofSeconds(2)))
        .as("nothing was past the topic's retention")
        .isEmpty();
  }

  @Test
  void changesPastTheTopicsRetentionAreAuditedByRangeAndTheRestStillReachesStorage()
      throws Exception {
    Crash crash = crashWithAnOpenSegment();
    long firstLost = crash.initialReads() + 1;
    long lastLost = crash.lastBeforeCrash() - 2;
    // What retention does: the oldest records of the open segment leave the topic.
    deleteChangesBefore(lastLost + 1);

    restartCapture();

    JsonNode recovered = fixture.awaitVerifiedSegmentStartingAt(GATEWAY, lastLost + 1);
    assertThat(recovered.path("tags").path("LastSequence").asLong())
        .isEqualTo(crash.lastBeforeCrash());
    List<AuditRecord> lost = lostAudits(WAIT);
    assertThat(lost).hasSize(1);
    assertThat(lost.get(0).target()).isEqualTo(GATEWAY + "/changes/" + firstLost + "-" + lastLost);
    assertThat(lost.get(0).detail())
        .containsEntry("missingSequences", firstLost + "-" + lastLost)
        .containsEntry("sealedUpTo", Long.toString(crash.initialReads()))
        .containsEntry("recordedUpTo", Long.toString(crash.lastBeforeCrash()));
    assertThat(fixture.segments(GATEWAY))
        .extracting(s -> s.path("name").asText())
        .containsExactly(
            "1-" + crash.initialReads(), (lastLost + 1) + "-" + crash.lastBeforeCrash());
    // Recovery asked for a full backup, so moments after the lost range restore from it.
    JsonNode base = awaitVerifiedRecoveryBackup(api);
    assertThat(base.path("tags").path("LostSequences").asText())
        .isEqualTo(firstLost + "-" + lastLost);
  }

  private static JsonNode awaitVerifiedRecoveryBackup(ControlPlaneClient api)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(WAIT);
    JsonNode seen = null;
    while (Instant.now().isBefore(deadline)) {
      seen = api.get("/api/v1/backups?gateway=" + GATEWAY + "&limit=100").body();
      for (JsonNode backup : seen.path("backups")) {
        if ("capture-recovery".equals(backup.path("tags").path("Trigger").asText())
            && "SUCCESS".equals(backup.path("status").asText())) {
          return backup;
        }
      }
      Thread.sleep(300);
    }
    throw new AssertionError(
        "no verified full backup requested by capture-recovery within " + WAIT + ": " + seen);
  }

  /**
   * Stack without capture here, capture in a child JVM that seals segment 1-n on request, captures
   * a change made behind Gatevault's back into its open segment and is killed with SIGKILL.
   */
  private Crash crashWithAnOpenSegment() throws Exception {
    fixture = new E2eFixture(dir);
    fixture.sitePort(CaddyProcess.freePort());
    caddy = CaddyProcess.start(fixture.caddyConfig("caddy-release-1.json"));
    fixture.writeConfig(
        """
        data-dir: stack-data
        kafka: {port: %d}
        registry: {port: %d}
        control-plane: {port: %d}
        services: [encrypt, replicate, verify, control-plane]
        keyring: {keystore: keys/keyring.p12, password-file: keys/keyring.pass}
        storage:
          targets:
            - {id: local, path: targets/local, medium: FILESYSTEM}
            - {id: removable, path: targets/removable, medium: REMOVABLE_MEDIA}
            - {id: offsite, path: targets/offsite, medium: FILESYSTEM, off-site: true}
        %s
        """
            .formatted(
                CaddyProcess.freePort(),
                CaddyProcess.freePort(),
                CaddyProcess.freePort(),
                gatewaySection()));
    fixture.startStack();
    api = fixture.controlPlane();

    // Segments close only when asked while the first capture runs: nothing seals by age or size.
    crashingCapture = startCaptureProcess(captureConfig("capture-1.yml", 3600));
    List<ConfigChange> initial = awaitChanges(1);
    long initialReads = initial.size();
    assertThat(fixture.cliStdoutOnline("backup", GATEWAY, "--type", "incremental").out())
        .contains("closed change segment 1-" + initialReads);
    fixture.awaitVerifiedSegmentStartingAt(GATEWAY, 1);

    caddy.load(fixture.caddyConfig("caddy-release-2-broken.json"));
    List<ConfigChange> all = awaitChanges(initialReads + 3);
    long lastBeforeCrash = all.get(all.size() - 1).sequence();
    // A few more polls, so the feed has recorded its state after publishing these changes.
    Thread.sleep(2_000);
    lastBeforeCrash = awaitChanges(lastBeforeCrash).size();

    crashingCapture.destroyForcibly();
    assertThat(crashingCapture.waitFor(30, TimeUnit.SECONDS)).isTrue();
    crashingCapture = null;
    Thread.sleep(1_000);
    assertThat(fixture.segments(GATEWAY))
        .as("nothing of the open segment was sealed before the kill")
        .hasSize(1);

    return new Crash(initialReads, lastBeforeCrash);
  }

  /** Capture again, in this JVM, with segments closing after 2 s: recovered changes seal alone. */
  private void restartCapture() throws IOException {
    restartedCapture =
        new EmbeddedStack(
                ConfigLoader.parse(
                    Files.readString(captureConfig("capture-2.yml", 2)), "capture-2.yml", dir),
                new Progress(new PrintStream(new ByteArrayOutputStream()), 3))
            .start();
  }

  private List<AuditRecord> lostAudits(Duration wait) {
    try (TopicProbe probe =
        new TopicProbe(fixture.stack().bootstrapServers(), fixture.stack().registryUrl())) {
      return probe.awaitEvents(
          GatevaultTopics.AUDIT,
          AuditRecord.class,
          a -> a.action().equals("changes.segment.lost"),
          1,
          wait);
    }
  }

  /**
   * Deletes the gateway's changes below {@code sequence} from gatevault.changes.raw. Only this
   * gateway publishes there and each sequence was published once, so sequence s is at offset s-1 of
   * the one partition holding records.
   */
  private void deleteChangesBefore(long sequence) throws Exception {
    Map<String, Object> client =
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.stack().bootstrapServers());
    try (Admin admin = Admin.create(client)) {
      List<TopicPartition> partitions =
          admin
              .describeTopics(List.of(GatevaultTopics.CHANGES_RAW))
              .allTopicNames()
              .get()
              .get(GatevaultTopics.CHANGES_RAW)
              .partitions()
              .stream()
              .map(info -> new TopicPartition(GatevaultTopics.CHANGES_RAW, info.partition()))
              .toList();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
      Map<TopicPartition, RecordsToDelete> deletions = new HashMap<>();
      admin
          .listOffsets(latest)
          .all()
          .get()
          .forEach(
              (partition, end) -> {
                if (end.offset() > 0) {
                  deletions.put(partition, RecordsToDelete.beforeOffset(sequence - 1));
                }
              });
      assertThat(deletions).as("one partition holds the gateway's changes").hasSize(1);
      admin.deleteRecords(deletions).all().get();
    }
  }

  private String gatewaySection() {
    return """
        gateways:
          - {id: %s, type: caddy, admin-url: "%s", environment: test, application: shop,
             owner: platform-team, poll-interval: 200ms}
        """
        .formatted(GATEWAY, caddy.adminUrl());
  }

  /** Capture alone, against the stack's broker and registry. */
  private Path captureConfig(String name, int segmentSeconds) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(
        file,
        """
        data-dir: %s
        kafka: {mode: external, bootstrap-servers: "%s"}
        registry: {mode: external, url: "%s"}
        services: [capture]
        %s
        changes: {segment-events: 1000, segment-seconds: %d}
        """
            .formatted(
                name.replace(".yml", "-data"),
                fixture.stack().bootstrapServers(),
                fixture.stack().registryUrl(),
                gatewaySection(),
                segmentSeconds));
    return file;
  }

  /** {@code gatevault up} in its own JVM, so it can be killed without any shutdown. */
  private Process startCaptureProcess(Path config) throws Exception {
    Path output = dir.resolve("capture-1.out");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-cp",
                System.getProperty("java.class.path"),
                GatevaultMain.class.getName(),
                "up",
                "--config",
                config.toString())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    Instant deadline = Instant.now().plus(WAIT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new AssertionError("capture exited: " + Files.readString(output));
      }
      if (Files.exists(output) && Files.readString(output).contains("Gatevault is up.")) {
        return process;
      }
      Thread.sleep(300);
    }
    throw new AssertionError("capture did not start: " + Files.readString(output));
  }

  /** Every change of the gateway so far, by sequence, once there are at least {@code count}. */
  private List<ConfigChange> awaitChanges(long count) {
    Instant deadline = Instant.now().plus(WAIT);
    List<ConfigChange> all = List.of();
    while (Instant.now().isBefore(deadline)) {
      all = fixture.changes(GATEWAY, Duration.ofSeconds(2));
      if (all.size() >= count) {
        return all;
      }
    }
    throw new AssertionError("expected " + count + " changes of " + GATEWAY + ", got " + all);
  }

  private List<Path> sealedSegments(String target) throws IOException {
    try (Stream<Path> files = Files.walk(dir.resolve("targets").resolve(target))) {
      return files.filter(p -> p.toString().endsWith(".changes.gvx")).toList();
    }
  }
}

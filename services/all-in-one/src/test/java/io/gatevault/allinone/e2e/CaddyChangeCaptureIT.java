package io.gatevault.allinone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatevault.allinone.cli.ControlPlaneClient;
import io.gatevault.core.event.ChangeOperation;
import io.gatevault.core.event.ConfigChange;
import io.gatevault.stream.GatevaultTopics;
import io.gatevault.stream.testing.TopicProbe;
import io.gatevault.testsupport.CaddyProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
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
 * Continuous change capture against a real Caddy changed behind Gatevault's back (POST /load
 * straight to its admin API): the poll-and-diff feed publishes ConfigChange records with the right
 * operations and images and increasing sequences on gatevault.changes.raw; a restart continues the
 * sequence and catches a change made while capture was down; every {@code segment-events} changes
 * close a segment that reaches the catalog as a verified CHANGE_SEGMENT artifact on three targets;
 * {@code backup --type incremental} closes the open segment now, and says so when it is empty.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CaddyChangeCaptureIT {

  private static final String GATEWAY = "caddy-feed";
  private static final int SEGMENT_EVENTS = 4;
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir static Path dir;
  private E2eFixture fixture;
  private CaddyProcess caddy;
  private ControlPlaneClient api;
  private long lastSequenceBeforeRestart;

  @BeforeAll
  void startCaddyAndGatevault() throws Exception {
    fixture = new E2eFixture(dir);
    fixture.sitePort(CaddyProcess.freePort());
    caddy = CaddyProcess.start(fixture.caddyConfig("caddy-release-1.json"));
    String yaml =
        """
        data-dir: data
        kafka: {port: %d}
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
             owner: platform-team, poll-interval: 200ms}
        changes: {segment-events: %d, segment-seconds: 3600}
        """
            .formatted(
                CaddyProcess.freePort(),
                CaddyProcess.freePort(),
                CaddyProcess.freePort(),
                GATEWAY,
                caddy.adminUrl(),
                SEGMENT_EVENTS);
    fixture.writeConfig(yaml);
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
  void theFirstPollReadsEveryEntityAsSnapshotReadFromSequenceOne() {
    List<ConfigChange> initial = awaitChanges(c -> true, 1);

    assertThat(initial.get(0).sequence()).isEqualTo(1);
    assertThat(initial.get(0).op()).isEqualTo(ChangeOperation.SNAPSHOT_READ);
    assertThat(initial.get(0).source().feed()).isEqualTo("caddy-admin-poll");
    assertThat(initial.get(0).source().actor()).isNull();
    assertThat(initial.get(0).before()).isNull();
    assertThat(initial.get(0).after()).isNotNull();
  }

  @Test
  @Order(2)
  void aChangeMadeBehindGatevaultsBackBecomesOrderedChangesWithBeforeAndAfterImages()
      throws Exception {
    long initialReads = allChanges().size();
    Instant changedAt = Instant.now();

    caddy.load(fixture.caddyConfig("caddy-release-2-broken.json"));

    List<ConfigChange> changes =
        awaitChanges(c -> c.op() != ChangeOperation.SNAPSHOT_READ, 3).stream()
            .filter(c -> c.op() != ChangeOperation.SNAPSHOT_READ)
            .toList();
    assertThat(changes.get(0).sequence()).isEqualTo(initialReads + 1);
    assertSequencesFollowEachOther(allChanges());
    assertThat(changes)
        .anySatisfy(
            delete -> {
              assertThat(delete.op()).isEqualTo(ChangeOperation.DELETE);
              assertThat(delete.before()).contains("order accepted");
              assertThat(delete.after()).isNull();
            })
        .anySatisfy(
            update -> {
              assertThat(update.op()).isEqualTo(ChangeOperation.UPDATE);
              assertThat(update.before()).contains("hello from release 1");
              assertThat(update.after()).contains("broken");
            });
    for (ConfigChange change : changes) {
      assertThat(change.source().feed()).isEqualTo("caddy-admin-poll");
      assertThat(change.occurredAt()).isAfterOrEqualTo(changedAt.minusSeconds(1));
      assertThat(change.capturedAt()).isAfterOrEqualTo(change.occurredAt());
    }
    lastSequenceBeforeRestart = allChanges().size();
  }

  @Test
  @Order(3)
  void aRestartContinuesTheSequenceAndCatchesAChangeMadeWhileCaptureWasDown() throws Exception {
    fixture.stopStack();
    caddy.load(fixture.caddyConfig("caddy-release-1.json"));

    startStack();

    List<ConfigChange> all = awaitChanges(c -> c.sequence() > lastSequenceBeforeRestart, 3);
    List<ConfigChange> afterRestart =
        all.stream().filter(c -> c.sequence() > lastSequenceBeforeRestart).toList();
    assertThat(afterRestart.get(0).sequence()).isEqualTo(lastSequenceBeforeRestart + 1);
    assertSequencesFollowEachOther(all);
    assertThat(afterRestart)
        .anySatisfy(
            create -> {
              assertThat(create.op()).isEqualTo(ChangeOperation.CREATE);
              assertThat(create.after()).contains("order accepted");
            })
        .noneMatch(c -> c.op() == ChangeOperation.SNAPSHOT_READ);
  }

  @Test
  @Order(4)
  void everySegmentEventsChangesCloseASegmentVerifiedOnThreeTargets() throws Exception {
    long total = allChanges().size();
    long fullSegments = total / SEGMENT_EVENTS;
    assertThat(fullSegments).isGreaterThanOrEqualTo(1);

    List<JsonNode> segments = awaitSegments(fullSegments);

    long expectedFirst = 1;
    for (JsonNode segment : segments) {
      assertThat(segment.path("status").asText()).as(segment.toString()).isEqualTo("SUCCESS");
      assertThat(segment.path("replicas")).hasSize(3);
      long first = segment.path("tags").path("FirstSequence").asLong();
      long last = segment.path("tags").path("LastSequence").asLong();
      assertThat(first).isEqualTo(expectedFirst);
      assertThat(last - first + 1).isEqualTo(SEGMENT_EVENTS);
      assertThat(segment.path("name").asText()).isEqualTo(first + "-" + last);
      assertThat(segment.path("tags").path("FirstOccurredAt").asText()).isNotBlank();
      expectedFirst = last + 1;
    }
    String lastRange =
        String.format("%020d-%020d", expectedFirst - SEGMENT_EVENTS, expectedFirst - 1);
    for (String target : List.of("local", "removable", "offsite")) {
      assertThat(sealedSegments(target))
          .anyMatch(p -> p.getFileName().toString().equals(lastRange + ".changes.gvx"));
    }
  }

  @Test
  @Order(5)
  void backupTypeIncrementalClosesTheOpenSegmentAndSaysWhenItIsEmpty() throws Exception {
    long total = allChanges().size();
    long open = total % SEGMENT_EVENTS;
    if (open == 0) {
      // Make sure there is something open to close.
      caddy.load(fixture.caddyConfig("caddy-release-2-broken.json"));
      awaitChanges(c -> c.sequence() > total, 1);
    }
    long now = allChanges().size();
    long first = now - (now % SEGMENT_EVENTS) + 1;

    String closed = run("backup", GATEWAY, "--type", "incremental");

    assertThat(closed).contains("closed change segment " + first + "-");
    JsonNode segment = awaitSegment(first);
    assertThat(segment.path("status").asText()).isEqualTo("SUCCESS");
    assertThat(segment.path("replicas")).hasSize(3);

    String empty = run("backup", GATEWAY, "--type", "incremental");
    assertThat(empty).contains("the open change segment is empty");

    String listed = run("list", GATEWAY, "--changes");
    assertThat(listed).contains("changes " + segment.path("name").asText());
    assertThat(run("list", GATEWAY)).doesNotContain("changes " + segment.path("name").asText());
    String shown = run("show", segment.path("name").asText());
    assertThat(shown).contains("sequences").contains(first + " .. ");
  }

  private void startStack() {
    fixture.startStack();
    api = fixture.controlPlane();
  }

  private List<ConfigChange> allChanges() {
    return awaitChanges(c -> true, Integer.MAX_VALUE, Duration.ofSeconds(3));
  }

  /** Every change of the gateway so far, by sequence, once {@code count} match. */
  private List<ConfigChange> awaitChanges(Predicate<ConfigChange> match, int count) {
    List<ConfigChange> all = awaitChanges(c -> true, Integer.MAX_VALUE, Duration.ofSeconds(2));
    Instant deadline = Instant.now().plus(WAIT);
    while (all.stream().filter(match).count() < count && Instant.now().isBefore(deadline)) {
      all = awaitChanges(c -> true, Integer.MAX_VALUE, Duration.ofSeconds(2));
    }
    assertThat(all.stream().filter(match).count()).as(all.toString()).isGreaterThanOrEqualTo(count);
    return all;
  }

  private List<ConfigChange> awaitChanges(Predicate<ConfigChange> match, int count, Duration wait) {
    try (TopicProbe probe =
        new TopicProbe(fixture.stack().bootstrapServers(), fixture.stack().registryUrl())) {
      return probe
          .awaitEvents(
              GatevaultTopics.CHANGES_RAW,
              ConfigChange.class,
              c -> c.gatewayId().equals(GATEWAY) && match.test(c),
              count,
              wait)
          .stream()
          .sorted(Comparator.comparingLong(ConfigChange::sequence))
          .toList();
    }
  }

  private static void assertSequencesFollowEachOther(List<ConfigChange> changes) {
    for (int i = 0; i < changes.size(); i++) {
      assertThat(changes.get(i).sequence()).as("sequence at position " + i).isEqualTo(i + 1L);
    }
  }

  private List<JsonNode> awaitSegments(long count) throws Exception {
    Instant deadline = Instant.now().plus(WAIT);
    List<JsonNode> segments = List.of();
    while (Instant.now().isBefore(deadline)) {
      segments = segments();
      if (segments.size() >= count
          && segments.stream().allMatch(s -> "SUCCESS".equals(s.path("status").asText()))) {
        return segments;
      }
      Thread.sleep(300);
    }
    throw new AssertionError("expected " + count + " verified segments, got " + segments);
  }

  private JsonNode awaitSegment(long first) throws Exception {
    return fixture.awaitVerifiedSegmentStartingAt(GATEWAY, first);
  }

  private List<JsonNode> segments() {
    return fixture.segments(GATEWAY);
  }

  private List<Path> sealedSegments(String target) throws IOException {
    try (Stream<Path> files = Files.walk(dir.resolve("targets").resolve(target))) {
      return files.filter(p -> p.toString().endsWith(".changes.gvx")).toList();
    }
  }

  private String run(String... args) {
    return fixture.cliStdoutOnline(args).out();
  }
}

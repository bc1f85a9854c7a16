package io.gatevault.allinone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatevault.allinone.cli.ExitCodes;
import io.gatevault.allinone.cli.StorageAccess;
import io.gatevault.allinone.config.ConfigLoader;
import io.gatevault.allinone.config.GatevaultConfig;
import io.gatevault.allinone.keys.KeyProviders;
import io.gatevault.allinone.keys.KeyringBootstrap;
import io.gatevault.allinone.stack.EmbeddedStack;
import io.gatevault.allinone.stack.Progress;
import io.gatevault.core.changes.ChangeDetector;
import io.gatevault.core.changes.DetectedChange;
import io.gatevault.core.changes.EntityImage;
import io.gatevault.core.config.ConfigEntity;
import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.event.ChangeOperation;
import io.gatevault.core.event.ChangeSource;
import io.gatevault.core.event.ConfigChange;
import io.gatevault.core.event.KeyReference;
import io.gatevault.core.event.VerificationCheck;
import io.gatevault.core.event.VerificationStatus;
import io.gatevault.core.gateway.GatewayAdapter;
import io.gatevault.core.gateway.GatewayDescriptor;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.ManifestDocument;
import io.gatevault.core.storage.RepositoryLayout;
import io.gatevault.core.storage.VerificationDocument;
import io.gatevault.crypto.EncryptionContext;
import io.gatevault.crypto.EnvelopeSealer;
import io.gatevault.crypto.SealedBytes;
import io.gatevault.crypto.WrappingKeyReference;
import io.gatevault.gateways.GatewayAdapters;
import io.gatevault.stream.Envelopes;
import io.gatevault.stream.GatevaultTopics;
import io.gatevault.stream.testing.TopicProbe;
import io.gatevault.testsupport.CaddyProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * Point-in-time restore of a real Caddy from one storage target alone (no Kafka, no control plane):
 * a verified full snapshot, then a scripted sequence of timed changes made behind Gatevault's back
 * through Caddy's admin API, each followed by recording {@code GET /config/}, the traffic (routes,
 * basic auth) and the time. The change log of those moments is written to the target the way
 * capture's poll-and-diff feed and the sealing pipeline leave it: entity diffs of consecutive dumps
 * ({@link ChangeDetector}) with per-gateway sequences, cut into two sealed change segments (JSON
 * lines, AES-GCM envelope, manifest, wrapped key, verification record). Then {@code gatevault
 * restore --at / --seq --from <target>} restores several moments, each compared with the
 * configuration and the traffic recorded at that moment.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PointInTimeRestoreOnCaddyIT {

  private static final String GATEWAY = "caddy-pitr";
  private static final String ENVIRONMENT = "test";
  private static final String PRODUCTION = "caddy-pitr-prod";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private E2eFixture fixture;
  private CaddyProcess caddy;
  private BackupStore local;
  private EnvelopeSealer sealer;
  private GatewayAdapter adapter;

  /** What the gateway ran at one moment of the script. */
  private record Moment(Instant at, long lastSequence, String config, List<String> traffic) {}

  private final List<Moment> moments = new ArrayList<>();
  private final List<Line> log = new ArrayList<>();
  private final List<String> segmentArtifacts = new ArrayList<>();
  private final Map<String, ManifestDocument> sealedManifests = new java.util.HashMap<>();

  /** One change-log entry as capture publishes it. */
  private record Line(long sequence, DetectedChange change, Instant occurredAt) {}

  @BeforeAll
  void snapshotThenScriptedChangesThenSealedSegments() throws Exception {
    fixture = new E2eFixture(dir);
    fixture.sitePort(CaddyProcess.freePort());
    caddy = CaddyProcess.start(fixture.caddyConfig("caddy-release-1.json"));
    fixture.writeConfig(
        """
        data-dir: data
        storage:
          targets:
            - {id: local, path: targets/local, medium: FILESYSTEM}
            - {id: removable, path: targets/removable, medium: REMOVABLE_MEDIA}
            - {id: offsite, path: targets/offsite, medium: FILESYSTEM, off-site: true}
        gateways:
          - {id: %s, type: caddy, admin-url: "%s", environment: %s, application: shop,
             owner: platform-team}
        """
            .formatted(GATEWAY, caddy.adminUrl(), ENVIRONMENT));
    GatevaultConfig config = ConfigLoader.load(fixture.configFile());
    new KeyringBootstrap(config.keyring()).ensure();
    sealer = new EnvelopeSealer(KeyProviders.forSealing(config.keyring()));
    local =
        StorageAccess.all(config).stream()
            .filter(store -> store.describe().targetId().equals("local"))
            .findFirst()
            .orElseThrow();
    adapter =
        GatewayAdapters.create(
            new GatewayDescriptor(
                GATEWAY, "caddy", caddy.adminUrl(), ENVIRONMENT, "shop", "platform-team"),
            http,
            Duration.ofSeconds(10));

    // Moment 0: the full snapshot, watermark 0 (no change logged before it).
    ConfigSnapshot previous = adapter.dump();
    Instant snapshotAt = Instant.now();
    seal(
        "base-0",
        GATEWAY + "-20261126-1200-full.json",
        ArtifactKind.SNAPSHOT,
        previous.toDocument(),
        0,
        snapshotAt);
    moments.add(new Moment(snapshotAt, 0, caddy.config(), observe()));

    // Moments 1-4: changes behind Gatevault's back, a little more than a second apart.
    List<Consumer<ObjectNode>> script =
        List.of(
            ShopRoutes::helloBecomesReleaseTwo,
            ShopRoutes::statusRouteIsAdded,
            this::bobMayEnterTheAdminArea,
            ShopRoutes::ordersRouteIsRemoved);
    long sequence = 0;
    for (Consumer<ObjectNode> change : script) {
      Thread.sleep(1_100);
      ObjectNode running = (ObjectNode) JSON.readTree(caddy.config());
      running.remove("admin");
      change.accept(running);
      caddy.load(running.toString());
      Instant occurredAt = Instant.now();
      ConfigSnapshot current = adapter.dump();
      for (DetectedChange detected : ChangeDetector.detect(previous, current)) {
        log.add(new Line(++sequence, detected, occurredAt));
      }
      previous = current;
      moments.add(new Moment(occurredAt, sequence, caddy.config(), observe()));
    }
    assertThat(sequence).as("every scripted change is an entity change").isGreaterThanOrEqualTo(4);
    // Two sealed segments: moments 1-2 and moments 3-4.
    sealSegment(1, moments.get(2).lastSequence());
    sealSegment(moments.get(2).lastSequence() + 1, sequence);
    // Something else runs on the gateway now: every restore below has work to do.
    caddy.load(fixture.caddyConfig("caddy-release-2-broken.json"));
  }

  @AfterAll
  void stop() {
    if (caddy != null) {
      caddy.close();
    }
  }

  @Test
  @Order(1)
  void aDryRunAtATimePrintsThePlanAndTheDiffAndLeavesTheGatewayAlone() throws Exception {
    String broken = caddy.config();

    E2eFixture.Run dryRun =
        fixture.cli(
            "restore",
            GATEWAY,
            "--at",
            between(2).toString(),
            "--from",
            "local",
            "--dry-run",
            "--json");

    assertThat(dryRun.exit()).as(dryRun.out()).isEqualTo(ExitCodes.OK);
    JsonNode report = JSON.readTree(dryRun.out());
    assertThat(report.path("outcome").asText()).as(dryRun.out()).isEqualTo("SUCCESS");
    assertThat(report.path("atTime").asText()).isEqualTo(between(2).toString());
    assertThat(report.path("steps"))
        .extracting(s -> s.path("step").asText())
        .containsExactly("locate", "integrity-check", "replay", "safety-snapshot", "plan", "diff");
    assertThat(report.path("steps").get(2).path("message").asText())
        .contains("base snapshot base-0 (watermark 0)")
        .contains("replayed up to sequence " + moments.get(2).lastSequence())
        // The next segment is unsealed too: its first change, after the time, ends the replay.
        .contains("2 sealed segment(s) [1-" + moments.get(2).lastSequence() + ", ")
        .doesNotContain("the log ends before the target");
    assertThat(caddy.config()).isEqualTo(broken);
  }

  @Test
  @Order(2)
  void aRestoreAtATimeBringsBackExactlyTheConfigurationAndTrafficOfThatMoment() throws Exception {
    for (int moment : new int[] {2, 4, 1}) {
      E2eFixture.Run restored =
          fixture.cli("restore", GATEWAY, "--at", between(moment).toString(), "--from", "local");

      if (moment == 4) {
        // The log ends at moment 4 and no capture polled after it: the newest known state is
        // restored, but nothing proves the gateway did not change between then and the target.
        assertThat(restored.exit()).as(restored.out()).isEqualTo(ExitCodes.LOG_INCOMPLETE);
        assertThat(restored.out())
            .contains("PARTIAL: restored the configuration as of " + between(moment))
            .contains("are unknown (capture behind or down?)");
      } else {
        assertThat(restored.exit()).as(restored.out()).isEqualTo(ExitCodes.OK);
        assertThat(restored.out())
            .contains("replay")
            .contains("SUCCESS: restored the configuration as of " + between(moment));
      }
      assertThat(caddy.config()).as("moment " + moment).isEqualTo(moments.get(moment).config());
      assertThat(observe()).as("moment " + moment).isEqualTo(moments.get(moment).traffic());
    }
  }

  @Test
  @Order(3)
  void aRestoreAtASequenceBringsBackTheConfigurationRightAfterThatChange() throws Exception {
    caddy.load(fixture.caddyConfig("caddy-release-2-broken.json"));
    long sequence = moments.get(3).lastSequence();

    E2eFixture.Run restored =
        fixture.cli("restore", GATEWAY, "--seq", Long.toString(sequence), "--from", "local");

    assertThat(restored.exit()).as(restored.out()).isEqualTo(ExitCodes.OK);
    assertThat(restored.out()).contains("restored the configuration at sequence " + sequence);
    assertThat(caddy.config()).isEqualTo(moments.get(3).config());
    assertThat(observe()).isEqualTo(moments.get(3).traffic());
  }

  @Test
  @Order(3)
  void aSelectiveRestoreBringsBackOnlyTheSelectedEntitiesOfThatMoment() throws Exception {
    caddy.load(fixture.caddyConfig("caddy-release-2-broken.json"));
    List<String> broken = observe();

    E2eFixture.Run restored =
        fixture.cli(
            "restore",
            GATEWAY,
            "--at",
            between(1).toString(),
            "--from",
            "local",
            "--only-name",
            "handler/hello/*");

    assertThat(restored.exit()).as(restored.out()).isEqualTo(ExitCodes.OK);
    assertThat(restored.out())
        .contains("plan")
        .contains("Restore plan (name matching [handler/hello/*])")
        .contains("Left out by the selection")
        .contains("for name matching [handler/hello/*]");
    List<String> traffic = observe();
    // /hello answers as at moment 1 (release 2's body and header); everything else as before.
    assertThat(traffic.get(0)).isEqualTo(moments.get(1).traffic().get(0));
    assertThat(traffic.subList(1, traffic.size())).isEqualTo(broken.subList(1, broken.size()));
  }

  @Test
  @Order(4)
  void aTimeBeforeAnyChangeRestoresTheSnapshotItself() throws Exception {
    E2eFixture.Run restored =
        fixture.cli("restore", GATEWAY, "--at", between(0).toString(), "--from", "local");

    assertThat(restored.exit()).as(restored.out()).isEqualTo(ExitCodes.OK);
    assertThat(caddy.config()).isEqualTo(moments.get(0).config());
    assertThat(observe()).isEqualTo(moments.get(0).traffic());
  }

  @Test
  @Order(5)
  void aTimeBeforeTheOldestSnapshotIsRefusedNamingIt() throws Exception {
    String running = caddy.config();

    E2eFixture.Run refused =
        fixture.cli(
            "restore",
            GATEWAY,
            "--at",
            moments.get(0).at().minusSeconds(3600).toString(),
            "--from",
            "local");

    assertThat(refused.exit()).as(refused.out()).isEqualTo(ExitCodes.FAILED);
    assertThat(refused.out()).contains("locate").contains("base-0").contains("nothing was changed");
    assertThat(caddy.config()).isEqualTo(running);
  }

  @Test
  @Order(6)
  void throughTheRunningStackTheUnsealedTailComesFromKafkaIntoAnotherEnvironment()
      throws Exception {
    // The stack knows only the production gateway (the same Caddy, environment prod): capture's
    // own feed never numbers changes of caddy-pitr, whose log this test wrote.
    Path stackConfig = dir.resolve("gatevault-stack.yml");
    Files.writeString(
        stackConfig,
        """
        data-dir: data
        registry: {port: 0}
        control-plane: {port: 0}
        storage:
          targets:
            - {id: local, path: targets/local, medium: FILESYSTEM}
            - {id: removable, path: targets/removable, medium: REMOVABLE_MEDIA}
            - {id: offsite, path: targets/offsite, medium: FILESYSTEM, off-site: true}
        gateways:
          - {id: %s, type: caddy, admin-url: "%s", environment: prod, application: shop,
             owner: platform-team}
        """
            .formatted(PRODUCTION, caddy.adminUrl()));
    long firstUnsealed = moments.get(2).lastSequence() + 1;
    long last = moments.get(4).lastSequence();
    // The second segment is not sealed yet: its changes are only on gatevault.changes.raw.
    removeSegment(segmentArtifacts.get(1));
    caddy.load(fixture.caddyConfig("caddy-release-2-broken.json"));
    try (EmbeddedStack stack =
        new EmbeddedStack(
                ConfigLoader.load(stackConfig),
                new Progress(new PrintStream(new ByteArrayOutputStream()), 9))
            .start()) {
      try (TopicProbe probe = new TopicProbe(stack.bootstrapServers(), stack.registryUrl())) {
        Envelopes envelopes = new Envelopes("capture", Clock.systemUTC());
        for (Line line : log) {
          if (line.sequence() >= firstUnsealed) {
            probe.publish(GatevaultTopics.CHANGES_RAW, GATEWAY, configChange(envelopes, line));
          }
        }
      }

      E2eFixture.Run restored =
          fixture.cliWithConfig(
              stackConfig,
              "restore",
              GATEWAY,
              "--at",
              between(4).toString(),
              "--to",
              PRODUCTION,
              "--url",
              stack.controlPlaneUrl());

      // No capture polls caddy-pitr (this test wrote its log): nothing proves the log complete
      // after moment 4, so the newest known state is restored and reported PARTIAL.
      assertThat(restored.exit()).as(restored.out()).isEqualTo(ExitCodes.LOG_INCOMPLETE);
      assertThat(restored.out()).contains("log known complete only up to its last change");
      assertThat(restored.out())
          .contains("replay")
          .contains("1 sealed segment(s) [1-" + moments.get(2).lastSequence() + "]")
          .contains((last - firstUnsealed + 1) + " change(s) from topic gatevault.changes.raw");
      assertThat(caddy.config()).isEqualTo(moments.get(4).config());
      assertThat(observe()).isEqualTo(moments.get(4).traffic());
    } finally {
      sealSegment(firstUnsealed, last);
    }
  }

  private static ConfigChange configChange(Envelopes envelopes, Line line) {
    DetectedChange change = line.change();
    ConfigEntity subject = change.after() != null ? change.after() : change.before();
    return new ConfigChange(
        envelopes.derived("ConfigChange", null, GATEWAY, Long.toString(line.sequence())),
        GATEWAY,
        line.sequence(),
        change.op(),
        subject.type(),
        subject.id(),
        subject.naturalKey(),
        change.before() == null ? null : EntityImage.encode(change.before()),
        change.op() == ChangeOperation.DELETE ? null : EntityImage.encode(change.after()),
        new ChangeSource("poll-diff", null, null),
        line.occurredAt(),
        line.occurredAt());
  }

  @Test
  @Order(7)
  void aMissingSegmentIsAGapNamingTheSequencesAndNothingIsChanged() throws Exception {
    caddy.load(fixture.caddyConfig("caddy-release-2-broken.json"));
    String broken = caddy.config();
    long lastOfFirst = moments.get(2).lastSequence();
    removeSegment(segmentArtifacts.get(0));

    E2eFixture.Run refused =
        fixture.cli("restore", GATEWAY, "--at", between(4).toString(), "--from", "local");

    assertThat(refused.exit()).as(refused.out()).isEqualTo(ExitCodes.FAILED);
    assertThat(refused.out())
        .contains("replay")
        .contains("sequences 1-" + lastOfFirst + " are in no sealed change segment")
        .contains("the raw changes topic was not read (offline restore from storage target local")
        .contains("nothing was changed");
    assertThat(caddy.config()).isEqualTo(broken);
  }

  /** Halfway between a moment and the next change: the state of that moment. */
  private Instant between(int moment) {
    return moments.get(moment).at().plusMillis(500);
  }

  private void bobMayEnterTheAdminArea(ObjectNode config) {
    ArrayNode accounts =
        (ArrayNode)
            ShopRoutes.route(config, "admin")
                .path("handle")
                .get(0)
                .path("providers")
                .path("http_basic")
                .path("accounts");
    ObjectNode bob = accounts.get(0).deepCopy();
    bob.put("username", "bob");
    accounts.add(bob);
  }

  private void sealSegment(long first, long last) throws IOException {
    StringBuilder lines = new StringBuilder();
    for (Line line : log) {
      if (line.sequence() < first || line.sequence() > last) {
        continue;
      }
      DetectedChange change = line.change();
      ConfigEntity subject = change.after() != null ? change.after() : change.before();
      Map<String, Object> entry = new TreeMap<>();
      entry.put("sequence", line.sequence());
      entry.put("op", change.op().name());
      entry.put("entityType", subject.type());
      entry.put("entityId", subject.id());
      entry.put("naturalKey", subject.naturalKey());
      entry.put("before", change.before() == null ? null : EntityImage.encode(change.before()));
      entry.put(
          "after",
          change.op() == ChangeOperation.DELETE ? null : EntityImage.encode(change.after()));
      entry.put("feed", "poll-diff");
      entry.put("reference", null);
      entry.put("actor", null);
      entry.put("occurredAt", line.occurredAt().toString());
      entry.put("capturedAt", line.occurredAt().toString());
      entry.put("eventId", "change-" + line.sequence());
      lines.append(JSON.writeValueAsString(entry)).append('\n');
    }
    String artifactId = "segment-" + first + "-" + last;
    segmentArtifacts.add(artifactId);
    seal(
        artifactId,
        first + "-" + last,
        ArtifactKind.CHANGE_SEGMENT,
        lines.toString().getBytes(StandardCharsets.UTF_8),
        last,
        Instant.now());
  }

  /** Writes a sealed artifact, its wrapped key, manifest and a passed verification. */
  private void seal(
      String artifactId,
      String name,
      ArtifactKind kind,
      byte[] plaintext,
      long watermark,
      Instant createdAt) {
    SealedBytes sealed =
        sealer.seal(plaintext, new EncryptionContext(GATEWAY, ENVIRONMENT, artifactId));
    WrappingKeyReference key = sealed.envelope().keyReference();
    ManifestDocument manifest =
        new ManifestDocument(
            1,
            artifactId,
            GATEWAY,
            ENVIRONMENT,
            name,
            kind,
            1,
            EnvelopeSealer.CIPHER,
            new KeyReference(
                key.keyringId(),
                key.keyId(),
                key.keyVersion(),
                RepositoryLayout.wrappedKey(ENVIRONMENT, GATEWAY, artifactId, key.keyVersion())),
            plaintext.length,
            sealed.ciphertext().length,
            sealed.envelope().ciphertextSha256(),
            watermark,
            "daily",
            Map.of("BackupType", kind == ArtifactKind.SNAPSHOT ? "FULL" : "INCREMENTAL"),
            null,
            createdAt);
    sealedManifests.put(artifactId, manifest);
    local.put(manifest.artifactKey(), sealed.ciphertext());
    local.put(manifest.wrappedKeyKey(), sealed.envelope().wrappedDataKey().bytes());
    local.put(manifest.manifestKey(), manifest.toJson());
    Instant verifiedAt = createdAt.plusMillis(1);
    local.put(
        RepositoryLayout.verification(ENVIRONMENT, GATEWAY, artifactId, verifiedAt),
        new VerificationDocument(
                1,
                artifactId,
                GATEWAY,
                ENVIRONMENT,
                VerificationStatus.SUCCESS,
                List.of(new VerificationCheck("unseal", "local", true, "test pipeline")),
                verifiedAt)
            .toJson());
  }

  /** A segment lost from the target: every object of the artifact is gone. */
  private void removeSegment(String artifactId) {
    ManifestDocument manifest = sealedManifests.get(artifactId);
    local.delete(manifest.artifactKey());
    local.delete(manifest.wrappedKeyKey());
    local.delete(manifest.manifestKey());
    for (String key :
        local.list(RepositoryLayout.verificationsPrefix(ENVIRONMENT, GATEWAY, artifactId))) {
      local.delete(key);
    }
  }

  private List<String> observe() throws Exception {
    List<String> seen = new ArrayList<>();
    seen.add(fixture.get("/hello", null));
    seen.add(fixture.get("/orders/42", null));
    seen.add(fixture.get("/status", null));
    seen.add(fixture.get("/admin/panel", null));
    seen.add(fixture.get("/admin/panel", "alice:wrong"));
    seen.add(fixture.get("/admin/panel", "alice:open-sesame"));
    seen.add(fixture.get("/admin/panel", "bob:open-sesame"));
    return seen;
  }
}

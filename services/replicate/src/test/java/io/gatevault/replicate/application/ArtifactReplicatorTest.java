package io.gatevault.replicate.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.event.ArtifactManifest;
import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.event.AuditRecord;
import io.gatevault.core.event.BinaryContent;
import io.gatevault.core.event.EventEnvelope;
import io.gatevault.core.event.GatevaultEvent;
import io.gatevault.core.event.KeyReference;
import io.gatevault.core.event.ReplicaWritten;
import io.gatevault.core.event.SealedArtifact;
import io.gatevault.core.event.StorageMedium;
import io.gatevault.core.storage.BackupCatalog;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.RepositoryLayout;
import io.gatevault.core.storage.Sha256;
import io.gatevault.core.storage.StoredBackup;
import io.gatevault.core.storage.TargetDescription;
import io.gatevault.replicate.adapter.FilesystemChunkStaging;
import io.gatevault.replicate.adapter.Resilience4jTargetWritePolicy;
import io.gatevault.storage.FilesystemBackupStore;
import io.gatevault.stream.AuditTrail;
import io.gatevault.stream.Envelopes;
import io.gatevault.stream.EventPublisher;
import io.gatevault.stream.GatevaultTopics;
import io.gatevault.stream.ProcessedEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replication into real target folders; events go to an in-memory publisher. */
class ArtifactReplicatorTest {

  private static final Instant NOW = Instant.parse("2025-08-18T14:30:10Z");

  @TempDir Path folder;
  private List<BackupStore> targets;
  private final List<Published> published = new ArrayList<>();

  record Published(String topic, String key, GatevaultEvent event) {}

  @BeforeEach
  void targets() {
    targets =
        List.of(
            target("disk-a", StorageMedium.FILESYSTEM, false),
            target("disk-b", StorageMedium.FILESYSTEM, false),
            target("usb-offsite", StorageMedium.REMOVABLE_MEDIA, true));
  }

  private BackupStore target(String id, StorageMedium medium, boolean offSite) {
    return new FilesystemBackupStore(
        new TargetDescription(id, medium, "eu-west-1", offSite, false), folder.resolve(id));
  }

  private ArtifactReplicator replicator(List<BackupStore> stores) {
    return replicator(
        stores, ResidencyRules.none(), new FilesystemChunkStaging(folder.resolve("staging")));
  }

  private ArtifactReplicator replicator(
      List<BackupStore> stores, ResidencyRules residency, ChunkStaging staging) {
    EventPublisher publisher =
        (topic, key, event) -> published.add(new Published(topic, key, event));
    Envelopes envelopes = new Envelopes("replicate", Clock.fixed(NOW, ZoneOffset.UTC));
    return new ArtifactReplicator(
        stores,
        new Resilience4jTargetWritePolicy(TargetOutageTest.fastResilience(2, 10, 60)),
        residency,
        staging,
        publisher,
        envelopes,
        new AuditTrail(publisher, envelopes),
        new ProcessedEvents(100),
        new ProcessedEvents(100));
  }

  @Test
  void aWholeArtifactLandsOnEveryTargetWithOneReplicaWrittenEach() {
    Artifact artifact = new Artifact(3 * 1000 + 5, 1000);
    ArtifactReplicator replicator = replicator(targets);
    artifact.events().forEach(replicator::onSealedArtifact);

    for (BackupStore target : targets) {
      assertThat(target.get(artifact.snapshotKey())).isEqualTo(artifact.ciphertext);
      assertThat(target.get(RepositoryLayout.wrappedKey("prod", "caddy-prod", artifact.id, 1)))
          .isEqualTo(artifact.wrappedKey);
      assertThat(target.exists(RepositoryLayout.manifest("prod", "caddy-prod", artifact.id)))
          .isTrue();
    }
    List<ReplicaWritten> replicas = events(ReplicaWritten.class);
    assertThat(replicas)
        .extracting(ReplicaWritten::targetId)
        .containsExactly("disk-a", "disk-b", "usb-offsite");
    ReplicaWritten offSite = replicas.get(2);
    assertThat(offSite.sha256()).isEqualTo(Sha256.hex(artifact.ciphertext));
    assertThat(offSite.sizeBytes()).isEqualTo(artifact.ciphertext.length);
    assertThat(offSite.medium()).isEqualTo(StorageMedium.REMOVABLE_MEDIA);
    assertThat(offSite.offSite()).isTrue();
    assertThat(offSite.location()).endsWith("caddy-prod-20250818-1430-full.json.gvx");
    assertThat(offSite.envelope().causationId()).isEqualTo(artifact.manifest.envelope().eventId());
    assertThat(published)
        .filteredOn(p -> p.event() instanceof ReplicaWritten)
        .allMatch(p -> p.topic().equals(GatevaultTopics.REPLICAS) && p.key().equals(artifact.id));
    assertThat(events(AuditRecord.class))
        .hasSize(3)
        .allMatch(
            audit ->
                audit.outcome() == AuditOutcome.SUCCESS && audit.action().equals("replica.write"));
    assertThat(folder.resolve("staging").resolve(artifact.id)).doesNotExist();
  }

  @Test
  void theStoredManifestRebuildsTheCatalog() {
    Artifact artifact = new Artifact(500, 1000);
    ArtifactReplicator replicator = replicator(targets);
    artifact.events().forEach(replicator::onSealedArtifact);

    StoredBackup backup =
        BackupCatalog.read(List.of(targets.get(2))).find(artifact.id).orElseThrow();
    assertThat(backup.manifest().sha256()).isEqualTo(Sha256.hex(artifact.ciphertext));
    assertThat(backup.manifest().tags()).containsEntry("BackupType", "FULL");
    assertThat(backup.replicaOn("usb-offsite").orElseThrow().complete()).isTrue();
    String manifestJson =
        new String(
            targets.get(2).get(backup.manifest().manifestKey()),
            java.nio.charset.StandardCharsets.UTF_8);
    assertThat(manifestJson)
        .doesNotContain("wrapped-" + artifact.id)
        .doesNotContain("wrappedDataKey");
  }

  @Test
  void aRedeliveryDuplicatesNothing() throws IOException {
    Artifact artifact = new Artifact(2500, 1000);
    replicator(targets).onSealedArtifact(artifact.events().get(0));
    ArtifactReplicator replicator = replicator(targets);
    artifact.events().forEach(replicator::onSealedArtifact);
    artifact.events().forEach(replicator::onSealedArtifact);
    List<ReplicaWritten> first = events(ReplicaWritten.class);
    Path snapshot = folder.resolve("disk-a").resolve(artifact.snapshotKey());
    var writtenAt = Files.getLastModifiedTime(snapshot);

    // After a restart (new in-memory ledgers), the whole artifact comes again: staging's durable
    // record says it was replicated, so nothing is staged, written or published again.
    published.clear();
    ArtifactReplicator restarted = replicator(targets);
    artifact.events().forEach(restarted::onSealedArtifact);

    assertThat(first).hasSize(3);
    assertThat(first).extracting(replica -> replica.envelope().eventId()).doesNotHaveDuplicates();
    assertThat(events(ReplicaWritten.class)).isEmpty();
    assertThat(folder.resolve("staging").resolve(artifact.id)).doesNotExist();
    assertThat(Files.getLastModifiedTime(snapshot)).isEqualTo(writtenAt);
    for (BackupStore target : targets) {
      assertThat(target.list("")).hasSize(3);
    }
  }

  @Test
  void chunksStagedBeforeARestartCompleteTheArtifactAfterIt() {
    Artifact artifact = new Artifact(3000, 1000);
    List<GatevaultEvent> events = artifact.events();
    ArtifactReplicator beforeCrash = replicator(targets);
    beforeCrash.onSealedArtifact(events.get(0));
    beforeCrash.onSealedArtifact(events.get(1));

    ArtifactReplicator afterRestart = replicator(targets);
    afterRestart.onSealedArtifact(events.get(2));
    afterRestart.onSealedArtifact(events.get(3));

    assertThat(events(ReplicaWritten.class)).hasSize(3);
    assertThat(targets.get(0).get(artifact.snapshotKey())).isEqualTo(artifact.ciphertext);
  }

  @Test
  void theManifestMayArriveBeforeTheChunks() {
    Artifact artifact = new Artifact(1500, 1000);
    List<GatevaultEvent> events = new ArrayList<>(artifact.events());
    java.util.Collections.rotate(events, 1);
    ArtifactReplicator replicator = replicator(targets);
    events.forEach(replicator::onSealedArtifact);
    assertThat(events(ReplicaWritten.class)).hasSize(3);
  }

  @Test
  void aFailingTargetGetsNoReplicaWrittenAndAFailureAuditWithTheReason() throws IOException {
    BackupStore broken = target("disk-b", StorageMedium.FILESYSTEM, false);
    // The folder is replaced by a file: every write to this target fails.
    Path root = ((FilesystemBackupStore) broken).root();
    Files.delete(root);
    Files.writeString(root, "not a folder");
    ArtifactReplicator replicator = replicator(List.of(targets.get(0), broken, targets.get(2)));
    Artifact artifact = new Artifact(1200, 1000);
    artifact.events().forEach(replicator::onSealedArtifact);

    assertThat(events(ReplicaWritten.class))
        .extracting(ReplicaWritten::targetId)
        .containsExactly("disk-a", "usb-offsite");
    AuditRecord failure =
        events(AuditRecord.class).stream()
            .filter(audit -> audit.outcome() == AuditOutcome.FAILURE)
            .findFirst()
            .orElseThrow();
    assertThat(failure.action()).isEqualTo("replica.write");
    assertThat(failure.target()).isEqualTo(artifact.id);
    assertThat(failure.detail()).containsEntry("targetId", "disk-b");
    assertThat(failure.detail().get("reason")).contains("disk-b").contains(root.toString());
  }

  @Test
  void aTargetOutsideTheRegionsTheArtifactsEnvironmentAllowsIsNeverWrittenAndTheRefusalIsAudited() {
    BackupStore us =
        new FilesystemBackupStore(
            new TargetDescription(
                "us-bucket", StorageMedium.OBJECT_STORE, "us-east-1", true, false),
            folder.resolve("us-bucket"));
    List<BackupStore> stores = List.of(targets.get(0), us, targets.get(2));
    ArtifactReplicator replicator =
        replicator(
            stores,
            new ResidencyRules(Map.of("prod", List.of("eu-west-1", "eu-central-1"))),
            new FilesystemChunkStaging(folder.resolve("staging")));
    Artifact artifact = new Artifact(1200, 1000);
    artifact.events().forEach(replicator::onSealedArtifact);

    assertThat(us.list("")).isEmpty();
    assertThat(events(ReplicaWritten.class))
        .extracting(ReplicaWritten::targetId)
        .containsExactly("disk-a", "usb-offsite");
    AuditRecord refused =
        events(AuditRecord.class).stream()
            .filter(audit -> audit.outcome() == AuditOutcome.FAILURE)
            .findFirst()
            .orElseThrow();
    assertThat(refused.action()).isEqualTo("replica.write");
    assertThat(refused.target()).isEqualTo(artifact.id);
    assertThat(refused.detail())
        .containsEntry("targetId", "us-bucket")
        .containsEntry("environment", "prod")
        .containsEntry("region", "us-east-1")
        .containsEntry("rule", "residency.prod = [eu-west-1, eu-central-1]")
        .containsEntry("failure", "RESIDENCY");
    assertThat(refused.detail().get("reason"))
        .contains(artifact.id)
        .contains("environment prod")
        .contains("'us-bucket'")
        .contains("'us-east-1'")
        .contains("residency.prod");
    // Never retried: catch-up owes the refused target nothing.
    assertThat(replicator.catchUp()).isZero();
    assertThat(us.list("")).isEmpty();
  }

  @Test
  void anArtifactIsHeldToTheRuleOfItsEnvironmentTagToo() {
    BackupStore eu = targets.get(0);
    ArtifactReplicator replicator =
        replicator(
            List.of(eu),
            new ResidencyRules(Map.of("prod", List.of("eu-west-1"), "gov", List.of("gov-1"))),
            new FilesystemChunkStaging(folder.resolve("staging")));
    Artifact artifact = new Artifact(1200, 1000);
    artifact.chunks.forEach(replicator::onSealedArtifact);
    ArtifactManifest m = artifact.manifest;
    replicator.onSealedArtifact(
        new ArtifactManifest(
            m.envelope(),
            m.artifactId(),
            m.gatewayId(),
            m.environment(),
            m.name(),
            m.kind(),
            m.version(),
            m.cipher(),
            m.keyReference(),
            m.plaintextSize(),
            m.ciphertextSize(),
            m.sha256(),
            m.watermarkSequence(),
            m.retentionClass(),
            Map.of("Environment", "gov", "BackupType", "FULL"),
            m.description(),
            m.createdAt(),
            m.wrappedDataKey()));

    assertThat(eu.list("")).isEmpty();
    assertThat(events(AuditRecord.class))
        .anySatisfy(
            audit -> assertThat(audit.detail()).containsEntry("rule", "residency.gov = [gov-1]"));
  }

  @Test
  void everyObjectOfABackupGoesToTheTargetWithTheBackupsTags() {
    List<Map<String, String>> tagsSeen = new ArrayList<>();
    BackupStore disk = targets.get(0);
    BackupStore recording =
        new BackupStore() {
          @Override
          public TargetDescription describe() {
            return disk.describe();
          }

          @Override
          public io.gatevault.core.storage.ObjectStat put(
              String key, java.io.InputStream source, String expectedSha256) {
            return disk.put(key, source, expectedSha256);
          }

          @Override
          public io.gatevault.core.storage.ObjectStat put(
              String key,
              java.io.InputStream source,
              long length,
              String expectedSha256,
              Map<String, String> tags) {
            tagsSeen.add(tags);
            return disk.put(key, source, length, expectedSha256, tags);
          }

          @Override
          public java.io.InputStream open(String key) {
            return disk.open(key);
          }

          @Override
          public boolean exists(String key) {
            return disk.exists(key);
          }

          @Override
          public java.util.Optional<io.gatevault.core.storage.ObjectStat> stat(String key) {
            return disk.stat(key);
          }

          @Override
          public List<String> list(String prefix) {
            return disk.list(prefix);
          }

          @Override
          public boolean delete(String key) {
            return disk.delete(key);
          }

          @Override
          public String location(String key) {
            return disk.location(key);
          }
        };
    Artifact artifact = new Artifact(1200, 1000);
    artifact.events().forEach(replicator(List.of(recording))::onSealedArtifact);

    // Sealed artifact, key object, manifest.
    assertThat(tagsSeen)
        .hasSize(3)
        .allSatisfy(
            tags ->
                assertThat(tags)
                    .containsEntry("Environment", "prod")
                    .containsEntry("BackupType", "FULL"));
  }

  @Test
  void chunksThatDoNotAddUpToTheManifestsChecksumAreWrittenNowhere() {
    Artifact artifact = new Artifact(1200, 1000);
    Artifact other = new Artifact(1300, 1000);
    ArtifactManifest wrongSha = artifact.manifestWithSha(Sha256.hex(other.ciphertext));
    ArtifactReplicator replicator = replicator(targets);
    artifact.chunks.forEach(replicator::onSealedArtifact);
    replicator.onSealedArtifact(wrongSha);

    assertThat(events(ReplicaWritten.class)).isEmpty();
    for (BackupStore target : targets) {
      assertThat(target.list("")).isEmpty();
    }
    AuditRecord rejected = events(AuditRecord.class).get(0);
    assertThat(rejected.action()).isEqualTo("artifact.rejected");
    assertThat(rejected.outcome()).isEqualTo(AuditOutcome.FAILURE);
    assertThat(rejected.detail().get("reason")).contains("nothing was written");
  }

  @Test
  void aDamagedChunkIsRefusedAsPermanent() {
    Artifact artifact = new Artifact(500, 1000);
    SealedArtifact good = artifact.chunks.get(0);
    SealedArtifact damaged =
        new SealedArtifact(
            good.envelope(),
            good.artifactId(),
            good.gatewayId(),
            good.kind(),
            good.chunkIndex(),
            good.chunkCount(),
            BinaryContent.copyOf(new byte[] {1, 2, 3}),
            good.chunkSha256(),
            good.sealedAt());
    assertThatThrownBy(() -> replicator(targets).onSealedArtifact(damaged))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was damaged");
  }

  private <T> List<T> events(Class<T> type) {
    return published.stream()
        .map(Published::event)
        .filter(type::isInstance)
        .map(type::cast)
        .toList();
  }

  /** A sealed artifact as encrypt publishes it: chunks, then the manifest. */
  static final class Artifact {
    final String id = UUID.randomUUID().toString();
    final byte[] ciphertext;
    final byte[] wrappedKey = ("wrapped-" + id).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    final List<SealedArtifact> chunks = new ArrayList<>();
    final ArtifactManifest manifest;
    final String name;

    Artifact(int size, int chunkSize) {
      this(size, chunkSize, "caddy-prod-20250818-1430-full.json");
    }

    Artifact(int size, int chunkSize, String name) {
      this.name = name;
      ciphertext = new byte[size];
      new Random(size).nextBytes(ciphertext);
      int count = (size + chunkSize - 1) / chunkSize;
      for (int i = 0; i < count; i++) {
        byte[] chunk =
            Arrays.copyOfRange(ciphertext, i * chunkSize, Math.min(size, (i + 1) * chunkSize));
        chunks.add(
            new SealedArtifact(
                envelope("SealedArtifact"),
                id,
                "caddy-prod",
                ArtifactKind.SNAPSHOT,
                i,
                count,
                BinaryContent.copyOf(chunk),
                Sha256.hex(chunk),
                NOW));
      }
      manifest = manifestWithSha(Sha256.hex(ciphertext));
    }

    ArtifactManifest manifestWithSha(String sha256) {
      return new ArtifactManifest(
          envelope("ArtifactManifest"),
          id,
          "caddy-prod",
          "prod",
          name,
          ArtifactKind.SNAPSHOT,
          1,
          "AES-256-GCM-STREAM",
          new KeyReference(
              "local", "kek", 1, RepositoryLayout.wrappedKey("prod", "caddy-prod", id, 1)),
          ciphertext.length - 100,
          ciphertext.length,
          sha256,
          0,
          "daily",
          Map.of("Environment", "prod", "BackupType", "FULL"),
          null,
          NOW,
          BinaryContent.copyOf(wrappedKey));
    }

    String snapshotKey() {
      return RepositoryLayout.snapshot("prod", "caddy-prod", name);
    }

    List<GatevaultEvent> events() {
      List<GatevaultEvent> events = new ArrayList<>(chunks);
      events.add(manifest);
      return events;
    }

    private static EventEnvelope envelope(String type) {
      return new EventEnvelope(
          UUID.randomUUID().toString(), 1, type, "encrypt", null, null, NOW, "caddy-prod");
    }
  }
}

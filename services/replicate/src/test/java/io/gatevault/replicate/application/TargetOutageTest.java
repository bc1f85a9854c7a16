package io.gatevault.replicate.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.event.AuditRecord;
import io.gatevault.core.event.GatevaultEvent;
import io.gatevault.core.event.ReplicaWritten;
import io.gatevault.core.event.StorageMedium;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.ObjectStat;
import io.gatevault.core.storage.StorageUnavailableException;
import io.gatevault.core.storage.TargetDescription;
import io.gatevault.replicate.adapter.FilesystemChunkStaging;
import io.gatevault.replicate.adapter.ReplicateProperties;
import io.gatevault.replicate.adapter.Resilience4jTargetWritePolicy;
import io.gatevault.replicate.application.ArtifactReplicatorTest.Artifact;
import io.gatevault.storage.FilesystemBackupStore;
import io.gatevault.stream.AuditTrail;
import io.gatevault.stream.Envelopes;
import io.gatevault.stream.EventPublisher;
import io.gatevault.stream.ProcessedEvents;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Targets that fail, in real folders: retry of transient failures, no retry of permanent ones, the
 * circuit breaker, the pending state kept in staging, catch-up, and a crash in the middle of an
 * upload followed by a restart on the same staging folder.
 */
class TargetOutageTest {

  private static final Instant NOW = Instant.parse("2025-08-18T14:30:10Z");

  @TempDir Path folder;
  private FilesystemBackupStore diskA;
  private FilesystemBackupStore diskB;
  private FilesystemBackupStore usb;
  private final List<GatevaultEvent> published = new ArrayList<>();

  /**
   * Fast back-off for tests; the breaker opens after {@code window} writes, half of them failed.
   */
  static ReplicateProperties.Resilience fastResilience(
      int window, long backoffMillis, long openSeconds) {
    return new ReplicateProperties.Resilience(
        3,
        Duration.ofMillis(backoffMillis),
        2.0,
        Duration.ofMillis(backoffMillis * 4),
        0.5,
        50,
        window,
        window,
        Duration.ofSeconds(openSeconds),
        1,
        Duration.ofSeconds(30));
  }

  @BeforeEach
  void targets() {
    diskA = target("disk-a", StorageMedium.FILESYSTEM, false);
    diskB = target("disk-b", StorageMedium.FILESYSTEM, false);
    usb = target("usb-offsite", StorageMedium.REMOVABLE_MEDIA, true);
  }

  private FilesystemBackupStore target(String id, StorageMedium medium, boolean offSite) {
    return new FilesystemBackupStore(
        new TargetDescription(id, medium, "eu-west-1", offSite, false), folder.resolve(id));
  }

  private ArtifactReplicator replicator(
      List<BackupStore> stores, ReplicateProperties.Resilience resilience) {
    EventPublisher publisher = (topic, key, event) -> published.add(event);
    Envelopes envelopes = new Envelopes("replicate", Clock.fixed(NOW, ZoneOffset.UTC));
    return new ArtifactReplicator(
        stores,
        new Resilience4jTargetWritePolicy(resilience),
        new FilesystemChunkStaging(folder.resolve("staging")),
        publisher,
        envelopes,
        new AuditTrail(publisher, envelopes),
        new ProcessedEvents(100),
        new ProcessedEvents(100));
  }

  @Test
  void theThreeTargetsOfAnArtifactAreWrittenAtTheSameTime() {
    // Each target's first put waits until all three are in flight: only a parallel write passes.
    CyclicBarrier allInFlight = new CyclicBarrier(3);
    List<BackupStore> stores =
        List.of(diskA, diskB, usb).stream()
            .<BackupStore>map(store -> new MeetingStore(store, allInFlight))
            .toList();
    ArtifactReplicator replicator = replicator(stores, fastResilience(10, 10, 60));
    Artifact artifact = new Artifact(2500, 1000);

    artifact.events().forEach(replicator::onSealedArtifact);

    assertThat(replicaTargets()).containsExactly("disk-a", "disk-b", "usb-offsite");
    for (FilesystemBackupStore target : List.of(diskA, diskB, usb)) {
      assertThat(target.get(artifact.snapshotKey())).isEqualTo(artifact.ciphertext);
    }
    assertThat(failures()).isEmpty();
  }

  @Test
  void aTargetThatIsDownGetsNoReplicaAndCatchUpWritesItWhenItReturns() throws IOException {
    Path rootB = diskB.root();
    takeDown(rootB);
    ArtifactReplicator replicator =
        replicator(List.of(diskA, diskB, usb), fastResilience(10, 10, 60));
    Artifact artifact = new Artifact(2500, 1000);
    artifact.events().forEach(replicator::onSealedArtifact);

    assertThat(replicaTargets()).containsExactly("disk-a", "usb-offsite");
    AuditRecord failure = failures().get(0);
    assertThat(failure.detail()).containsEntry("targetId", "disk-b");
    assertThat(failure.detail()).containsEntry("failure", "TRANSIENT");
    assertThat(failure.detail().get("next")).contains("catch-up");
    assertThat(folder.resolve("staging").resolve(artifact.id).resolve("pending-targets"))
        .hasContent("disk-b");

    // Still down: catch-up writes nothing and keeps the artifact pending.
    assertThat(replicator.catchUp()).isZero();
    assertThat(folder.resolve("staging").resolve(artifact.id)).exists();

    bringBack(rootB);
    published.clear();
    assertThat(replicator.catchUp()).isEqualTo(1);

    assertThat(replicaTargets()).containsExactly("disk-b");
    assertThat(diskB.get(artifact.snapshotKey())).isEqualTo(artifact.ciphertext);
    assertThat(diskB.list("")).hasSize(3);
    assertThat(folder.resolve("staging").resolve(artifact.id)).doesNotExist();
    assertThat(replicator.catchUp()).isZero();
  }

  @Test
  void aTransientFailureIsRetriedWithinTheSameWrite() {
    FailingStore flaky = new FailingStore(diskB, 2);
    ArtifactReplicator replicator =
        replicator(List.of(diskA, flaky, usb), fastResilience(10, 10, 60));
    Artifact artifact = new Artifact(1500, 1000);
    artifact.events().forEach(replicator::onSealedArtifact);

    assertThat(replicaTargets()).containsExactly("disk-a", "disk-b", "usb-offsite");
    assertThat(flaky.puts.get()).isEqualTo(3 + 2);
    assertThat(failures()).isEmpty();
  }

  @Test
  void aPermanentFailureIsNotRetriedAndNotKeptPending() {
    Artifact artifact = new Artifact(1500, 1000);
    // disk-b already holds other bytes under this artifact's key: a conflict, permanent.
    diskB.put(artifact.snapshotKey(), new byte[] {1, 2, 3});
    FailingStore counting = new FailingStore(diskB, 0);
    ArtifactReplicator replicator =
        replicator(List.of(diskA, counting, usb), fastResilience(10, 10, 60));
    artifact.events().forEach(replicator::onSealedArtifact);

    assertThat(replicaTargets()).containsExactly("disk-a", "usb-offsite");
    assertThat(counting.puts.get()).isEqualTo(1);
    AuditRecord failure = failures().get(0);
    assertThat(failure.detail()).containsEntry("failure", "OBJECT_REFUSED");
    assertThat(failure.detail().get("reason")).contains("already holds different content");
    assertThat(folder.resolve("staging").resolve(artifact.id)).doesNotExist();
  }

  @Test
  void anOpenBreakerSkipsItsTargetAtOnceAndTheOthersAreNotSlowed() {
    FailingStore down = new FailingStore(diskB, Integer.MAX_VALUE);
    ArtifactReplicator replicator =
        replicator(List.of(diskA, down, usb), fastResilience(2, 200, 60));
    Artifact first = new Artifact(1500, 1000, "caddy-prod-20250818-1430-full.json");
    Artifact second = new Artifact(1600, 1000, "caddy-prod-20250818-1530-full.json");
    long slow = timed(() -> first.events().forEach(replicator::onSealedArtifact));
    second.events().forEach(replicator::onSealedArtifact);
    int attemptsBeforeOpen = down.puts.get();

    Artifact third = new Artifact(1700, 1000, "caddy-prod-20250818-1630-full.json");
    published.clear();
    long fast = timed(() -> third.events().forEach(replicator::onSealedArtifact));

    assertThat(attemptsBeforeOpen).isEqualTo(2 * 3);
    assertThat(down.puts.get()).isEqualTo(attemptsBeforeOpen);
    // Retrying the first artifact waited about 200 + 400 ms; the skipped target waits for nothing.
    assertThat(slow).isGreaterThanOrEqualTo(250);
    assertThat(fast).isLessThan(200);
    assertThat(replicaTargets()).containsExactly("disk-a", "usb-offsite");
    AuditRecord skipped = failures().get(0);
    assertThat(skipped.detail()).containsEntry("failure", "SKIPPED");
    assertThat(skipped.detail().get("reason"))
        .contains("disk-b")
        .contains("circuit breaker is OPEN");
    assertThat(new FilesystemChunkStaging(folder.resolve("staging")).artifactsWithPendingTargets())
        .containsExactlyInAnyOrder(first.id, second.id, third.id);
  }

  @Test
  void aCrashInTheMiddleOfAnUploadLosesNothingAndDuplicatesNothingAfterARestart()
      throws IOException {
    Artifact artifact = new Artifact(64 * 1024, 8 * 1024);
    CrashingStore crashing = new CrashingStore(diskB);
    ArtifactReplicator beforeCrash =
        replicator(List.of(diskA, crashing, usb), fastResilience(10, 10, 60));
    List<GatevaultEvent> events = artifact.events();
    events.subList(0, events.size() - 1).forEach(beforeCrash::onSealedArtifact);
    assertThatThrownBy(() -> beforeCrash.onSealedArtifact(events.get(events.size() - 1)))
        .isInstanceOf(SimulatedCrash.class);
    // The targets are written in parallel and their ReplicaWritten published together once all
    // three are done: the crash came first, so none was published and all three are still owed.
    assertThat(replicaTargets()).isEmpty();

    // Restart on the same staging folder with fresh ledgers. The manifest's offset was never
    // committed, so Kafka delivers it again; catch-up runs too.
    ArtifactReplicator restarted =
        replicator(List.of(diskA, diskB, usb), fastResilience(10, 10, 60));
    restarted.onSealedArtifact(events.get(events.size() - 1));
    assertThat(restarted.catchUp()).isZero();

    assertThat(replicaTargets()).containsExactly("disk-a", "disk-b", "usb-offsite");
    for (FilesystemBackupStore target : List.of(diskA, diskB, usb)) {
      assertThat(target.list("")).as(target.describe().targetId()).hasSize(3);
      assertThat(target.get(artifact.snapshotKey())).isEqualTo(artifact.ciphertext);
      try (Stream<Path> files = Files.walk(target.root())) {
        assertThat(files.filter(Files::isRegularFile)).hasSize(3);
      }
    }
    assertThat(folder.resolve("staging").resolve(artifact.id)).doesNotExist();
  }

  @Test
  void catchUpFinishesAnUploadACrashInterruptedAndALateRedeliveryStagesNothing() {
    Artifact artifact = new Artifact(32 * 1024, 8 * 1024);
    ArtifactReplicator beforeCrash =
        replicator(List.of(diskA, new CrashingStore(diskB), usb), fastResilience(10, 10, 60));
    List<GatevaultEvent> events = artifact.events();
    events.subList(0, events.size() - 1).forEach(beforeCrash::onSealedArtifact);
    assertThatThrownBy(() -> beforeCrash.onSealedArtifact(events.get(events.size() - 1)))
        .isInstanceOf(SimulatedCrash.class);
    assertThat(replicaTargets()).isEmpty();

    ArtifactReplicator restarted =
        replicator(List.of(diskA, diskB, usb), fastResilience(10, 10, 60));
    // Every target is still owed (none was published): rewriting what a target holds is a no-op.
    assertThat(restarted.catchUp()).isEqualTo(3);
    // Kafka redelivers the record whose offset the crash left uncommitted, after catch-up.
    restarted.onSealedArtifact(events.get(events.size() - 1));

    assertThat(replicaTargets()).containsExactly("disk-a", "disk-b", "usb-offsite");
    assertThat(diskB.get(artifact.snapshotKey())).isEqualTo(artifact.ciphertext);
    assertThat(usb.list("")).hasSize(3);
    assertThat(folder.resolve("staging").resolve(artifact.id)).doesNotExist();
  }

  private static long timed(Runnable action) {
    long start = System.nanoTime();
    action.run();
    return Duration.ofNanos(System.nanoTime() - start).toMillis();
  }

  /** The target's folder is replaced by a file: every write to it fails with an I/O error. */
  private static void takeDown(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(TargetOutageTest::delete);
    }
    Files.writeString(root, "the disk is gone");
  }

  private static void bringBack(Path root) throws IOException {
    Files.delete(root);
    Files.createDirectories(root);
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private List<ReplicaWritten> replicas() {
    return published.stream()
        .filter(ReplicaWritten.class::isInstance)
        .map(ReplicaWritten.class::cast)
        .toList();
  }

  private List<String> replicaTargets() {
    return replicas().stream().map(ReplicaWritten::targetId).toList();
  }

  private List<AuditRecord> failures() {
    return published.stream()
        .filter(AuditRecord.class::isInstance)
        .map(AuditRecord.class::cast)
        .filter(audit -> audit.outcome() == AuditOutcome.FAILURE)
        .toList();
  }

  /** Stands in for the process dying: nothing catches an Error on the way out. */
  static final class SimulatedCrash extends Error {
    SimulatedCrash() {
      super("replicate was killed in the middle of an upload");
    }
  }

  /** A real target whose first {@code failures} puts fail as if its medium were unavailable. */
  private static final class FailingStore extends DelegatingStore {
    private final int failures;
    final AtomicInteger puts = new AtomicInteger();

    FailingStore(BackupStore delegate, int failures) {
      super(delegate);
      this.failures = failures;
    }

    @Override
    public ObjectStat put(String key, InputStream source, String expectedSha256) {
      if (puts.incrementAndGet() <= failures) {
        throw new StorageUnavailableException(
            describe().targetId(), key, "medium unavailable (simulated)", null);
      }
      return super.put(key, source, expectedSha256);
    }
  }

  /** A real target whose first upload dies half-way through the bytes. */
  /** A real target whose first put waits (at most 10 s) for the other targets' first puts. */
  private static final class MeetingStore extends DelegatingStore {
    private final CyclicBarrier barrier;
    private final AtomicBoolean met = new AtomicBoolean();

    MeetingStore(BackupStore delegate, CyclicBarrier barrier) {
      super(delegate);
      this.barrier = barrier;
    }

    @Override
    public ObjectStat put(String key, InputStream source, String expectedSha256) {
      if (met.compareAndSet(false, true)) {
        try {
          barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new IllegalStateException(
              "the other targets' writes did not start while this one was in flight: " + e, e);
        }
      }
      return super.put(key, source, expectedSha256);
    }
  }

  private static final class CrashingStore extends DelegatingStore {
    private boolean crashed;

    CrashingStore(BackupStore delegate) {
      super(delegate);
    }

    @Override
    public ObjectStat put(String key, InputStream source, String expectedSha256) {
      if (crashed) {
        return super.put(key, source, expectedSha256);
      }
      crashed = true;
      InputStream dying =
          new FilterInputStream(source) {
            private long read;

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
              if (read > 4096) {
                throw new SimulatedCrash();
              }
              int n = super.read(buffer, offset, Math.min(length, 4096));
              read += Math.max(n, 0);
              return n;
            }
          };
      return super.put(key, dying, expectedSha256);
    }
  }

  private abstract static class DelegatingStore implements BackupStore {
    private final BackupStore delegate;

    DelegatingStore(BackupStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public TargetDescription describe() {
      return delegate.describe();
    }

    @Override
    public ObjectStat put(String key, InputStream source, String expectedSha256) {
      return delegate.put(key, source, expectedSha256);
    }

    @Override
    public InputStream open(String key) {
      return delegate.open(key);
    }

    @Override
    public boolean exists(String key) {
      return delegate.exists(key);
    }

    @Override
    public Optional<ObjectStat> stat(String key) {
      return delegate.stat(key);
    }

    @Override
    public List<String> list(String prefix) {
      return delegate.list(prefix);
    }

    @Override
    public boolean delete(String key) {
      return delegate.delete(key);
    }

    @Override
    public String location(String key) {
      return delegate.location(key);
    }
  }
}

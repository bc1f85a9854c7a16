package io.gatevault.replicate.application;

import io.gatevault.core.event.ArtifactManifest;
import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.event.EventEnvelope;
import io.gatevault.core.event.GatevaultEvent;
import io.gatevault.core.event.ReplicaWritten;
import io.gatevault.core.event.SealedArtifact;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.ManifestDocument;
import io.gatevault.core.storage.ObjectStat;
import io.gatevault.core.storage.Sha256;
import io.gatevault.core.storage.TargetDescription;
import io.gatevault.stream.AuditTrail;
import io.gatevault.stream.Envelopes;
import io.gatevault.stream.EventPublisher;
import io.gatevault.stream.GatevaultTopics;
import io.gatevault.stream.ProcessedEvents;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every sealed artifact to every backup target.
 *
 * <p>SealedArtifact chunks and the ArtifactManifest are staged durably ({@link ChunkStaging}) until
 * the artifact is whole. Its ciphertext is then checked against the manifest's SHA-256 and written
 * to each target: the sealed object, the wrapped data key, and the manifest last, so a manifest on
 * a target means the artifact beside it is complete. Each target that took all three gets one
 * {@link ReplicaWritten} and a SUCCESS audit ({@value #ACTION}); a target that failed gets no
 * ReplicaWritten and a FAILURE audit with the reason, so verify reports the artifact PARTIAL.
 *
 * <p>Each target write goes through the {@link TargetWritePolicy} (retry of transient failures,
 * circuit breaker per target), the only retry layer for target writes: a target failure is audited
 * here and never thrown to the binder. The staged artifact is kept, with the targets it still owes
 * ({@link ChunkStaging#recordPendingTargets}), until every target holds it; {@link #catchUp()}
 * writes it to those targets when they answer again and publishes their ReplicaWritten, so verify
 * checks the artifact again.
 *
 * <p>Before each target write, data residency is checked for that artifact ({@link
 * ResidencyRules}): a target outside the regions the artifact's environment allows is never
 * written; the refusal is audited as a FAILURE naming artifact, environment, target, region and
 * rule, and the artifact stays PARTIAL. Every object goes to the target with the backup's tags
 * (Environment, Application, Owner, BackupDate, BackupType), which an S3 target keeps as object
 * tags.
 *
 * <p>Idempotent by artifact id: targets are write-once (same bytes, no-op), the pending targets are
 * recorded before the first write and after each success, and every ReplicaWritten id is derived
 * from the artifact and target, so a crash, a redelivery or a catch-up duplicates nothing.
 */
public class ArtifactReplicator {

  static final String ACTION = "replica.write";
  static final String REJECTED = "artifact.rejected";
  static final String CATCH_UP = "ReplicaCatchUp";

  private static final Logger log = LoggerFactory.getLogger(ArtifactReplicator.class);

  private final List<BackupStore> targets;
  private final ChunkStaging staging;
  private final EventPublisher publisher;
  private final Envelopes envelopes;
  private final AuditTrail audit;
  private final ProcessedEvents processed;
  private final ProcessedEvents replicated;
  private final TargetWritePolicy writePolicy;
  private final ResidencyRules residency;
  // Consumer and catch-up both write staged artifacts; one at a time keeps the pending record
  // exact.
  private final Object writing = new Object();
  // One thread per target, so one artifact's targets are written at the same time (daemon: the
  // pool ends with the process, and a write in flight at shutdown is redone from staging).
  private final ExecutorService targetWriters;

  public ArtifactReplicator(
      List<BackupStore> targets,
      TargetWritePolicy writePolicy,
      ChunkStaging staging,
      EventPublisher publisher,
      Envelopes envelopes,
      AuditTrail audit,
      ProcessedEvents processed,
      ProcessedEvents replicated) {
    this(
        targets,
        writePolicy,
        ResidencyRules.none(),
        staging,
        publisher,
        envelopes,
        audit,
        processed,
        replicated);
  }

  /**
   * @param residency checked for each artifact and target before writing: a target outside the
   *     regions the artifact's environment allows is not written (audited, never retried)
   */
  public ArtifactReplicator(
      List<BackupStore> targets,
      TargetWritePolicy writePolicy,
      ResidencyRules residency,
      ChunkStaging staging,
      EventPublisher publisher,
      Envelopes envelopes,
      AuditTrail audit,
      ProcessedEvents processed,
      ProcessedEvents replicated) {
    this.residency = residency;
    this.targets = List.copyOf(targets);
    AtomicInteger threads = new AtomicInteger();
    this.targetWriters =
        Executors.newFixedThreadPool(
            Math.max(1, this.targets.size()),
            task -> {
              Thread thread = new Thread(task, "replicate-target-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    this.writePolicy = writePolicy;
    this.staging = staging;
    this.publisher = publisher;
    this.envelopes = envelopes;
    this.audit = audit;
    this.processed = processed;
    this.replicated = replicated;
  }

  /** Handles a sealed artifact chunk or an artifact manifest. */
  public void onSealedArtifact(GatevaultEvent event) {
    processed.handleOnce(event.envelope().eventId(), () -> handle(event));
  }

  private void handle(GatevaultEvent event) {
    String artifactId;
    if (event instanceof SealedArtifact chunk) {
      artifactId = chunk.artifactId();
      if (alreadyReplicated(artifactId)) {
        return;
      }
      byte[] ciphertext = chunk.ciphertext().toByteArray();
      String actual = Sha256.hex(ciphertext);
      if (!actual.equals(chunk.chunkSha256())) {
        throw new IllegalArgumentException(
            "chunk "
                + chunk.chunkIndex()
                + "/"
                + chunk.chunkCount()
                + " of artifact "
                + artifactId
                + " has sha256 "
                + actual
                + " but announces "
                + chunk.chunkSha256()
                + ": the chunk was damaged and is not staged");
      }
      staging.stageChunk(artifactId, chunk.chunkIndex(), chunk.chunkCount(), ciphertext);
    } else if (event instanceof ArtifactManifest manifest) {
      artifactId = manifest.artifactId();
      if (alreadyReplicated(artifactId)) {
        return;
      }
      staging.stageManifest(
          artifactId,
          ManifestDocument.from(manifest),
          manifest.wrappedDataKey() == null ? null : manifest.wrappedDataKey().toByteArray());
    } else {
      throw new IllegalArgumentException(
          "gatevault.artifacts.sealed carries SealedArtifact and ArtifactManifest only, got "
              + event.getClass().getSimpleName());
    }
    Optional<ChunkStaging.StagedArtifact> whole = staging.complete(artifactId);
    if (whole.isPresent()) {
      synchronized (writing) {
        replicated.handleOnce(artifactId, () -> replicate(whole.get(), event.envelope()));
      }
    }
  }

  /**
   * Writes every staged artifact that some target still lacks to that target, when its circuit
   * breaker lets a call through; publishes ReplicaWritten for each target written. Run on a
   * schedule ({@code gatevault.replicate.resilience.catch-up-interval}) and so also finishes, after
   * a restart, the writes a crash interrupted.
   *
   * @return how many replicas were written
   */
  public int catchUp() {
    int written = 0;
    for (String artifactId : staging.artifactsWithPendingTargets()) {
      synchronized (writing) {
        written += catchUp(artifactId);
      }
    }
    return written;
  }

  private int catchUp(String artifactId) {
    Optional<Set<String>> owed = staging.pendingTargets(artifactId);
    Optional<ChunkStaging.StagedArtifact> whole = staging.complete(artifactId);
    if (owed.isEmpty() || whole.isEmpty()) {
      return 0;
    }
    ManifestDocument manifest = whole.get().manifest();
    Set<String> pending = new LinkedHashSet<>(owed.get());
    Set<String> configured = new LinkedHashSet<>();
    int written = 0;
    for (BackupStore target : targets) {
      String targetId = target.describe().targetId();
      configured.add(targetId);
      if (!pending.contains(targetId)) {
        continue;
      }
      // The round's own envelope: ReplicaWritten ids do not depend on it, audit ids do, so each
      // attempt is audited once.
      EventEnvelope round =
          envelopes.derived(
              CATCH_UP,
              null,
              manifest.gatewayId(),
              artifactId,
              targetId,
              envelopes.clock().instant().toString());
      TargetWrite write = writeTo(target, whole.get(), round, true);
      publisher.publishAll(write.events());
      Outcome outcome = write.outcome();
      if (outcome == Outcome.WRITTEN || outcome == Outcome.GIVEN_UP) {
        pending.remove(targetId);
        written += outcome == Outcome.WRITTEN ? 1 : 0;
      }
    }
    for (String gone : List.copyOf(pending)) {
      if (!configured.contains(gone)) {
        log.warn(
            "Artifact {} was owed to target '{}', which is no longer configured; dropped from"
                + " catch-up",
            artifactId,
            gone);
        pending.remove(gone);
      }
    }
    finishOrKeepPending(artifactId, pending);
    return written;
  }

  private void replicate(ChunkStaging.StagedArtifact artifact, EventEnvelope cause) {
    ManifestDocument manifest = artifact.manifest();
    String assembled = sha256Of(artifact);
    if (!assembled.equals(manifest.sha256())) {
      Map<String, String> detail = new LinkedHashMap<>();
      detail.put(
          "reason",
          "the staged chunks have sha256 "
              + assembled
              + " but the manifest gives "
              + manifest.sha256()
              + "; nothing was written to any target");
      audit.record(
          REJECTED,
          manifest.artifactId(),
          AuditOutcome.FAILURE,
          cause,
          manifest.gatewayId(),
          detail);
      staging.discard(manifest.artifactId());
      return;
    }
    String artifactId = manifest.artifactId();
    // After a crash or restart the staged record says which targets already hold the artifact.
    Set<String> pending =
        new LinkedHashSet<>(
            staging
                .pendingTargets(artifactId)
                .orElseGet(
                    () ->
                        targets.stream()
                            .map(target -> target.describe().targetId())
                            .collect(Collectors.toCollection(LinkedHashSet::new))));
    staging.recordPendingTargets(artifactId, pending);
    List<BackupStore> owed =
        targets.stream().filter(target -> pending.contains(target.describe().targetId())).toList();
    // The targets are written in parallel: an artifact costs its slowest target, not their sum.
    // Each target still gets the sealed object, the key and the manifest last, in that order.
    List<TargetWrite> writes = writeInParallel(owed, artifact, cause);
    List<EventPublisher.Outgoing> events = new ArrayList<>();
    for (int index = 0; index < owed.size(); index++) {
      TargetWrite write = writes.get(index);
      events.addAll(write.events());
      if (write.outcome() == Outcome.WRITTEN || write.outcome() == Outcome.GIVEN_UP) {
        pending.remove(owed.get(index).describe().targetId());
      }
    }
    // Published before the staged artifact is discarded: if publishing fails, the redelivered
    // manifest finds it staged, rewrites (a no-op on write-once targets) and publishes again.
    publisher.publishAll(events);
    finishOrKeepPending(artifactId, pending);
  }

  private List<TargetWrite> writeInParallel(
      List<BackupStore> owed, ChunkStaging.StagedArtifact artifact, EventEnvelope cause) {
    if (owed.size() <= 1) {
      return owed.stream().map(target -> writeTo(target, artifact, cause, false)).toList();
    }
    List<Future<TargetWrite>> futures = new ArrayList<>(owed.size());
    for (BackupStore target : owed) {
      futures.add(targetWriters.submit(() -> writeTo(target, artifact, cause, false)));
    }
    List<TargetWrite> writes = new ArrayList<>(owed.size());
    for (Future<TargetWrite> future : futures) {
      try {
        writes.add(future.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(
            "interrupted while writing artifact "
                + artifact.manifest().artifactId()
                + " to its targets; the redelivered manifest writes it again",
            e);
      } catch (ExecutionException e) {
        // As if written on this thread: a target's failures are outcomes, not exceptions, so this
        // is a bug or the process dying.
        if (e.getCause() instanceof RuntimeException runtime) {
          throw runtime;
        }
        if (e.getCause() instanceof Error error) {
          throw error;
        }
        throw new IllegalStateException(e.getCause());
      }
    }
    return writes;
  }

  /** In this run (memory) or before a restart (staging's durable record). */
  private boolean alreadyReplicated(String artifactId) {
    return replicated.alreadyHandled(artifactId) || staging.wasReplicated(artifactId);
  }

  private void finishOrKeepPending(String artifactId, Set<String> pending) {
    if (pending.isEmpty()) {
      staging.markReplicated(artifactId);
      staging.discard(artifactId);
    } else {
      staging.recordPendingTargets(artifactId, pending);
    }
  }

  /** How one target write ended. */
  private enum Outcome {
    WRITTEN,
    /** Failed in a way catch-up can fix (target down, breaker open, permission). */
    PENDING,
    /** This object can never be written to this target as it is; not tried again. */
    GIVEN_UP
  }

  /**
   * How one target write ended and the events that say so (ReplicaWritten, audit), which the caller
   * publishes in one batch with the other targets'.
   */
  private record TargetWrite(Outcome outcome, List<EventPublisher.Outgoing> events) {}

  /** A write to one target that did not happen, with its FAILURE audit record to publish. */
  private TargetWrite failedWrite(
      Outcome outcome, ManifestDocument manifest, EventEnvelope cause, Map<String, String> detail) {
    return new TargetWrite(
        outcome,
        List.of(
            audit.prepare(
                ACTION,
                manifest.artifactId(),
                AuditOutcome.FAILURE,
                cause,
                manifest.gatewayId(),
                detail)));
  }

  private TargetWrite writeTo(
      BackupStore target,
      ChunkStaging.StagedArtifact artifact,
      EventEnvelope cause,
      boolean catchingUp) {
    ManifestDocument manifest = artifact.manifest();
    TargetDescription description = target.describe();
    String artifactKey = manifest.artifactKey();
    Map<String, String> detail = new LinkedHashMap<>();
    detail.put("targetId", description.targetId());
    detail.put("object", artifactKey);
    if (catchingUp) {
      detail.put("catchUp", "true");
    }
    Optional<ResidencyRules.Violation> outside = residency.check(manifest, description);
    if (outside.isPresent()) {
      ResidencyRules.Violation violation = outside.get();
      detail.put("environment", violation.environment());
      detail.put("region", violation.region());
      detail.put("rule", violation.rule());
      detail.put("reason", violation.message());
      detail.put("failure", "RESIDENCY");
      detail.put(
          "next",
          "not written and not retried: the artifact stays PARTIAL until the target or the rule"
              + " changes");
      log.warn("Residency: {}", violation.message());
      return failedWrite(Outcome.GIVEN_UP, manifest, cause, detail);
    }
    if (artifact.wrappedDataKey() == null) {
      detail.put("wrappedKey", "not carried by the manifest event; no key object written");
    }
    ObjectStat written;
    try {
      // The whole write (sealed object, key, manifest last) is one attempt: write-once objects
      // make repeating its finished parts a no-op.
      written = writePolicy.write(description.targetId(), () -> writeObjects(target, artifact));
    } catch (TargetSkippedException e) {
      if (catchingUp) {
        // Not an attempt: the breaker kept us off the target. Audited when the breaker lets a
        // trial write through, not every round.
        log.debug("Catch-up of artifact {}: {}", manifest.artifactId(), e.getMessage());
        return new TargetWrite(Outcome.PENDING, List.of());
      }
      detail.put("reason", e.getMessage());
      detail.put("failure", "SKIPPED");
      detail.put("next", "kept pending; catch-up writes it when the target answers again");
      return failedWrite(Outcome.PENDING, manifest, cause, detail);
    } catch (RuntimeException e) {
      WriteFailure failure = WriteFailure.of(e);
      Outcome outcome = failure == WriteFailure.OBJECT_REFUSED ? Outcome.GIVEN_UP : Outcome.PENDING;
      detail.put("reason", e.getMessage() == null ? e.toString() : e.getMessage());
      detail.put("failure", failure.name());
      detail.put(
          "next",
          outcome == Outcome.GIVEN_UP
              ? "not retried: this object can never be written to this target as it is"
              : "kept pending; catch-up writes it when the target answers again");
      return failedWrite(outcome, manifest, cause, detail);
    }
    String location = target.location(artifactKey);
    ReplicaWritten replica =
        new ReplicaWritten(
            envelopes.derived(
                "ReplicaWritten",
                cause,
                manifest.gatewayId(),
                manifest.artifactId(),
                description.targetId()),
            manifest.artifactId(),
            description.targetId(),
            description.medium(),
            description.region(),
            description.offSite(),
            description.offline(),
            location,
            written.sha256(),
            written.sizeBytes(),
            envelopes.clock().instant());
    detail.put("location", location);
    detail.put("sha256", written.sha256());
    return new TargetWrite(
        Outcome.WRITTEN,
        List.of(
            new EventPublisher.Outgoing(GatevaultTopics.REPLICAS, manifest.artifactId(), replica),
            audit.prepare(
                ACTION,
                manifest.artifactId(),
                AuditOutcome.SUCCESS,
                cause,
                manifest.gatewayId(),
                detail)));
  }

  private static ObjectStat writeObjects(BackupStore target, ChunkStaging.StagedArtifact artifact) {
    ManifestDocument manifest = artifact.manifest();
    ObjectStat written;
    try (InputStream ciphertext = artifact.openCiphertext()) {
      written =
          target.put(
              manifest.artifactKey(),
              ciphertext,
              manifest.ciphertextSize(),
              manifest.sha256(),
              manifest.tags());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "closing the staged chunks of artifact " + manifest.artifactId() + " failed", e);
    }
    // Key object and manifest carry the tags too, so rules selecting by tag (lifecycle, cost
    // reports) treat the three objects of a backup alike.
    if (artifact.wrappedDataKey() != null) {
      putTagged(target, manifest.wrappedKeyKey(), artifact.wrappedDataKey(), manifest);
    }
    putTagged(target, manifest.manifestKey(), manifest.toJson(), manifest);
    return written;
  }

  private static void putTagged(
      BackupStore target, String key, byte[] bytes, ManifestDocument manifest) {
    target.put(
        key,
        new java.io.ByteArrayInputStream(bytes),
        bytes.length,
        Sha256.hex(bytes),
        manifest.tags());
  }

  private static String sha256Of(ChunkStaging.StagedArtifact artifact) {
    MessageDigest digest = Sha256.newDigest();
    try (InputStream in = new DigestInputStream(artifact.openCiphertext(), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "reading the staged chunks of artifact " + artifact.manifest().artifactId() + " failed",
          e);
    }
    return Sha256.hex(digest);
  }
}

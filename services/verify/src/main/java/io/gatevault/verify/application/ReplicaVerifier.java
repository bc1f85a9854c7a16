package io.gatevault.verify.application;

import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.event.EventEnvelope;
import io.gatevault.core.event.ReplicaWritten;
import io.gatevault.core.event.VerificationCheck;
import io.gatevault.core.event.VerificationResult;
import io.gatevault.core.event.VerificationStatus;
import io.gatevault.core.event.VerifyRequested;
import io.gatevault.core.storage.BackupCatalog;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.ManifestDocument;
import io.gatevault.core.storage.StoredBackup;
import io.gatevault.core.storage.VerificationDocument;
import io.gatevault.stream.AuditTrail;
import io.gatevault.stream.Envelopes;
import io.gatevault.stream.EventPublisher;
import io.gatevault.stream.GatevaultTopics;
import io.gatevault.stream.ProcessedEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies each artifact once its copies are written: collects the {@link ReplicaWritten} events of
 * an artifact until every configured target has reported (or {@code replica-wait-timeout} passed),
 * then publishes a {@link VerificationResult} STARTED, checks every target's copy with the {@link
 * ArtifactVerifier}, publishes SUCCESS, PARTIAL or FAILED with one check per target, stores the
 * result as {@code verifications/<artifactId>/<verifiedAt>.json} on every target whose copy passed,
 * and audits {@value #ACTION}.
 *
 * <p>A ReplicaWritten that arrives after its artifact was verified (replicate's catch-up wrote a
 * copy to a target that had been down) verifies the artifact again at once, so a PARTIAL result can
 * become SUCCESS without waiting for the other targets, which reported long ago.
 *
 * <p>Redelivered events are ignored ({@link ProcessedEvents}); an artifact is verified once per
 * round of replicas. Thread-safe.
 */
public class ReplicaVerifier {

  static final String ACTION = "artifact.verified";

  private static final Logger log = LoggerFactory.getLogger(ReplicaVerifier.class);

  private final List<? extends BackupStore> targets;
  private final ArtifactVerifier verifier;
  private final EventPublisher publisher;
  private final Envelopes envelopes;
  private final AuditTrail audit;
  private final ProcessedEvents processed;
  private final Duration waitTimeout;
  private final Clock clock;
  private final Map<String, Waiting> waiting = new LinkedHashMap<>();
  // Writes the verification records to the targets in parallel (daemon: ends with the process).
  private final ExecutorService recordWriters =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "verify-record-writer");
            thread.setDaemon(true);
            return thread;
          });
  // Artifacts verified at least once (bounded, like the event ledger): a late replica re-verifies.
  private final ProcessedEvents verifiedArtifacts;

  public ReplicaVerifier(
      List<? extends BackupStore> targets,
      ArtifactVerifier verifier,
      EventPublisher publisher,
      Envelopes envelopes,
      AuditTrail audit,
      ProcessedEvents processed,
      Duration waitTimeout) {
    this.targets = List.copyOf(targets);
    this.verifier = verifier;
    this.publisher = publisher;
    this.envelopes = envelopes;
    this.audit = audit;
    this.processed = processed;
    this.verifiedArtifacts = new ProcessedEvents(processed.capacity());
    this.waitTimeout = waitTimeout;
    this.clock = envelopes.clock();
  }

  /** Handles a notification that a copy of an artifact was written. */
  public void onReplicaWritten(ReplicaWritten replica) {
    processed.handleOnce(replica.envelope().eventId(), () -> collect(replica));
    verifyExpired();
  }

  private void collect(ReplicaWritten replica) {
    Waiting ready = null;
    synchronized (waiting) {
      if (!waiting.containsKey(replica.artifactId())
          && verifiedArtifacts.alreadyHandled(replica.artifactId())) {
        ready = new Waiting(replica.artifactId(), replica.envelope(), clock.instant());
        ready.reported.add(replica.targetId());
        ready.location = replica.location();
      }
    }
    if (ready != null) {
      verify(ready, null);
      return;
    }
    synchronized (waiting) {
      Waiting artifact =
          waiting.computeIfAbsent(
              replica.artifactId(), id -> new Waiting(id, replica.envelope(), clock.instant()));
      artifact.reported.add(replica.targetId());
      artifact.location = replica.location();
      if (artifact.reported.size() >= targets.size()) {
        waiting.remove(replica.artifactId());
        ready = artifact;
      }
    }
    if (ready != null) {
      verify(ready, null);
    }
  }

  /**
   * Verifies stored artifacts again on request: one artifact, or every artifact of the gateway
   * found in storage. Every copy is read back, whether or not a ReplicaWritten was seen for it.
   */
  public void onVerifyRequested(VerifyRequested command) {
    processed.handleOnce(
        command.envelope().eventId(),
        () -> {
          List<String> artifactIds =
              command.artifactId() != null
                  ? List.of(command.artifactId())
                  : BackupCatalog.read(targets, command.gatewayId()).backups().stream()
                      .map(StoredBackup::artifactId)
                      .toList();
          if (artifactIds.isEmpty()) {
            audit.record(
                ACTION,
                command.gatewayId(),
                AuditOutcome.FAILURE,
                command.envelope(),
                command.gatewayId(),
                Map.of(
                    "commandId",
                    command.commandId(),
                    "reason",
                    "no stored artifact of gateway " + command.gatewayId() + " on any target"));
          }
          for (String artifactId : artifactIds) {
            Waiting artifact = new Waiting(artifactId, command.envelope(), clock.instant());
            targets.forEach(t -> artifact.reported.add(t.describe().targetId()));
            verify(artifact, null);
          }
        });
  }

  /** Verifies artifacts whose missing replicas did not arrive within the wait timeout. */
  public void verifyExpired() {
    Instant cutoff = clock.instant().minus(waitTimeout);
    List<Waiting> expired = new ArrayList<>();
    synchronized (waiting) {
      Iterator<Waiting> iterator = waiting.values().iterator();
      while (iterator.hasNext()) {
        Waiting artifact = iterator.next();
        if (artifact.since.isBefore(cutoff)) {
          iterator.remove();
          expired.add(artifact);
        }
      }
    }
    for (Waiting artifact : expired) {
      Set<String> missing =
          targets.stream()
              .map(target -> target.describe().targetId())
              .filter(id -> !artifact.reported.contains(id))
              .collect(Collectors.toCollection(LinkedHashSet::new));
      verify(
          artifact,
          "no ReplicaWritten from "
              + missing
              + " within gatevault.verify.replica-wait-timeout ("
              + waitTimeout
              + ")");
    }
  }

  /** Number of artifacts waiting for replicas. */
  public int waitingCount() {
    synchronized (waiting) {
      return waiting.size();
    }
  }

  private void verify(Waiting artifact, String timeoutNote) {
    EventEnvelope cause = artifact.cause;
    String artifactId = artifact.artifactId;
    String gatewayId = cause.gatewayId();
    publisher.publish(
        GatevaultTopics.VERIFICATIONS,
        artifactId,
        new VerificationResult(
            envelopes.derived(
                "VerificationResult", cause, gatewayId, artifactId, "STARTED", cause.eventId()),
            artifactId,
            VerificationStatus.STARTED,
            List.of(),
            clock.instant()));
    ArtifactVerifier.Findings findings =
        verifier.verify(
            artifactId,
            targets,
            artifact.location == null
                ? Optional.empty()
                : ArtifactVerifier.manifestKeyNear(artifact.location, artifactId));
    List<VerificationCheck> checks = new ArrayList<>();
    for (VerificationCheck check : findings.checks()) {
      if (!check.passed() && timeoutNote != null && !artifact.reported.contains(check.targetId())) {
        check =
            new VerificationCheck(
                check.checkName(),
                check.targetId(),
                false,
                check.detail() + " (" + timeoutNote + ")");
      }
      checks.add(check);
    }
    VerificationStatus status = VerificationStatus.of(checks);
    Instant verifiedAt = clock.instant();
    VerificationResult result =
        new VerificationResult(
            envelopes.derived(
                "VerificationResult", cause, gatewayId, artifactId, "RESULT", cause.eventId()),
            artifactId,
            status,
            checks,
            verifiedAt);
    Map<String, String> detail = new LinkedHashMap<>();
    detail.put("status", status.name());
    for (VerificationCheck check : checks) {
      detail.put(
          "target." + check.targetId(),
          check.passed() ? "passed" : check.checkName() + " failed: " + check.detail());
    }
    // Result and its audit record in one batch: one wait for both acknowledgements.
    publisher.publishAll(
        List.of(
            new EventPublisher.Outgoing(GatevaultTopics.VERIFICATIONS, artifactId, result),
            audit.prepare(
                ACTION,
                artifactId,
                status == VerificationStatus.SUCCESS ? AuditOutcome.SUCCESS : AuditOutcome.FAILURE,
                cause,
                findings.manifest().map(ManifestDocument::gatewayId).orElse(gatewayId),
                detail)));
    findings.manifest().ifPresent(manifest -> storeRecord(result, manifest));
    verifiedArtifacts.handleOnce(artifactId, () -> {});
    log.info("Verified artifact {}: {} ({})", artifactId, status, detail);
  }

  /** Stores the result on every target whose copy passed, so storage alone tells it. */
  private void storeRecord(VerificationResult result, ManifestDocument manifest) {
    VerificationDocument document =
        VerificationDocument.from(result, manifest.gatewayId(), manifest.environment());
    Set<String> healthy =
        result.checks().stream()
            .filter(VerificationCheck::passed)
            .map(VerificationCheck::targetId)
            .collect(Collectors.toSet());
    // On every healthy target at the same time; done before the next artifact is verified.
    List<CompletableFuture<Void>> stores = new ArrayList<>();
    for (BackupStore target : targets) {
      if (healthy.contains(target.describe().targetId())) {
        stores.add(
            CompletableFuture.runAsync(
                () -> storeRecordOn(target, document, result.artifactId()), recordWriters));
      }
    }
    CompletableFuture.allOf(stores.toArray(CompletableFuture[]::new)).join();
  }

  private static void storeRecordOn(
      BackupStore target, VerificationDocument document, String artifactId) {
    try {
      target.put(document.key(), document.toJson());
    } catch (RuntimeException e) {
      log.warn(
          "Could not store the verification record of artifact {} on target {}: {}",
          artifactId,
          target.describe().targetId(),
          e.getMessage());
    }
  }

  private static final class Waiting {
    private final String artifactId;
    private final EventEnvelope cause;
    private final Instant since;
    private final Set<String> reported = new LinkedHashSet<>();
    // Where a replica was written, so the manifest is read by its key instead of searched for.
    private String location;

    Waiting(String artifactId, EventEnvelope cause, Instant since) {
      this.artifactId = artifactId;
      this.cause = cause;
      this.since = since;
    }
  }
}

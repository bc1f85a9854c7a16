package io.gatevault.prune.application;

import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.event.Command;
import io.gatevault.core.event.DeletionRecord;
import io.gatevault.core.event.PruneRequested;
import io.gatevault.core.retention.BackupPoint;
import io.gatevault.core.retention.RetentionDecision;
import io.gatevault.core.retention.RetentionPolicy;
import io.gatevault.core.storage.BackupCatalog;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.StoredBackup;
import io.gatevault.stream.AuditTrail;
import io.gatevault.stream.Envelopes;
import io.gatevault.stream.EventPublisher;
import io.gatevault.stream.GatevaultTopics;
import io.gatevault.stream.ProcessedEvents;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies retention to one gateway's backups, from storage alone.
 *
 * <p>The catalog is read from every target (manifests and verification records); the pure {@link
 * RetentionPolicy} decides; only then are objects deleted. A dry run stops after deciding: it
 * publishes the same {@link DeletionRecord}s with {@code dryRun=true} and audits the plan, deleting
 * nothing. A real run deletes every object of each removed backup on every target — wrapped key and
 * sealed artifact first, the manifest last, so an interrupted prune leaves a manifest the next one
 * finds — and publishes one DeletionRecord per deleted object (what, where, when, why, by whom) and
 * audits it.
 *
 * <p>Prune reads manifests and verification records only: it never decrypts and holds no key.
 */
public class RetentionPruner {

  static final String ACTION_DELETE = "backup.delete";
  static final String ACTION_RUN = "prune.run";
  static final String ACTION_DRY_RUN = "prune.dry-run";

  private final List<BackupStore> targets;
  private final Map<String, RetentionPolicy> policies;
  private final EventPublisher publisher;
  private final Envelopes envelopes;
  private final AuditTrail audit;
  private final ProcessedEvents processed;

  /**
   * @param policies retention policies by name; {@value RetentionPolicy#DEFAULT_NAME} is used when
   *     a request names none
   */
  public RetentionPruner(
      List<BackupStore> targets,
      Map<String, RetentionPolicy> policies,
      EventPublisher publisher,
      Envelopes envelopes,
      AuditTrail audit,
      ProcessedEvents processed) {
    if (!policies.containsKey(RetentionPolicy.DEFAULT_NAME)) {
      throw new IllegalArgumentException(
          "prune needs a retention policy named '" + RetentionPolicy.DEFAULT_NAME + "'");
    }
    this.targets = List.copyOf(targets);
    this.policies = Map.copyOf(policies);
    this.publisher = publisher;
    this.envelopes = envelopes;
    this.audit = audit;
    this.processed = processed;
  }

  /** Handles a command from the command topic; only PruneRequested concerns prune. */
  public void onCommand(Command command) {
    if (command instanceof PruneRequested request) {
      processed.handleOnce(request.envelope().eventId(), () -> prune(request));
    }
  }

  /** Decides and (unless a dry run) deletes; returns what was decided and done. */
  public PruneReport prune(PruneRequested request) {
    String policyName =
        request.policyName() == null ? RetentionPolicy.DEFAULT_NAME : request.policyName();
    RetentionPolicy policy = policies.get(policyName);
    String action = request.dryRun() ? ACTION_DRY_RUN : ACTION_RUN;
    if (policy == null) {
      String refusal =
          "no retention policy named '"
              + policyName
              + "'; configured: "
              + policies.keySet().stream().sorted().toList();
      Map<String, String> detail = requestDetail(request);
      detail.put("reason", refusal);
      audit.record(
          request.requestedBy(),
          action,
          request.gatewayId(),
          AuditOutcome.FAILURE,
          request.envelope(),
          request.gatewayId(),
          detail);
      return PruneReport.refused(
          request.commandId(), request.gatewayId(), request.dryRun(), refusal);
    }

    BackupCatalog catalog = BackupCatalog.read(targets, request.gatewayId());
    // Retention counts snapshots only. Change segments are the log between snapshots that
    // point-in-time restore replays: counted as backups they would take the daily slots and
    // snapshots would be deleted, and deleting one would leave a gap in the log. Checkpoints are
    // replay aids, removed once no retained snapshot is left for them to be composed on.
    List<BackupPoint> points =
        catalog.backups().stream()
            .filter(backup -> backup.manifest().kind() == ArtifactKind.SNAPSHOT)
            .map(
                backup ->
                    new BackupPoint(backup.artifactId(), backup.createdAt(), backup.verified()))
            .toList();
    RetentionDecision decision = policy.apply(points);

    Map<StoredBackup, String> removed = new LinkedHashMap<>();
    for (RetentionDecision.Verdict verdict : decision.remove()) {
      removed.put(
          catalog.find(verdict.backup().id()).orElseThrow(), String.join("; ", verdict.reasons()));
    }
    Map<StoredBackup, String> checkpoints = uselessCheckpoints(catalog, decision);
    removed.putAll(checkpoints);

    List<PruneReport.Deletion> deletions = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (Map.Entry<StoredBackup, String> entry : removed.entrySet()) {
      StoredBackup backup = entry.getKey();
      String reason = entry.getValue();
      for (StoredBackup.Replica replica : backup.replicas()) {
        Optional<BackupStore> target = target(replica.targetId());
        if (target.isEmpty()) {
          continue;
        }
        for (String key : replica.objectKeys()) {
          PruneReport.Deletion deletion =
              new PruneReport.Deletion(
                  backup.artifactId(), replica.targetId(), key, target.get().location(key), reason);
          if (!request.dryRun()) {
            try {
              target.get().delete(key);
            } catch (RuntimeException e) {
              String failure =
                  "could not delete "
                      + deletion.location()
                      + " on target '"
                      + replica.targetId()
                      + "': "
                      + e.getMessage()
                      + "; its remaining objects stay for the next prune";
              failures.add(failure);
              auditDeletion(request, policy, deletion, AuditOutcome.FAILURE, failure);
              break;
            }
          }
          deletions.add(deletion);
          recordDeletion(request, policy, deletion);
        }
      }
    }

    Map<String, String> detail = requestDetail(request);
    detail.put("policy", policy.describe());
    detail.put("anchor", decision.anchor() == null ? "none verified" : decision.anchor().id());
    detail.put("backupsKept", Integer.toString(decision.keep().size()));
    detail.put("backupsRemoved", Integer.toString(decision.remove().size()));
    detail.put(
        "objects" + (request.dryRun() ? "WouldBeDeleted" : "Deleted"),
        Integer.toString(deletions.size()));
    detail.put("failures", Integer.toString(failures.size()));
    detail.put("catalogProblems", Integer.toString(catalog.problems().size()));
    for (RetentionDecision.Verdict verdict : decision.remove()) {
      detail.put("remove." + verdict.backup().id(), String.join("; ", verdict.reasons()));
    }
    for (RetentionDecision.Verdict verdict : decision.keep()) {
      detail.put("keep." + verdict.backup().id(), String.join("; ", verdict.reasons()));
    }
    detail.put("checkpointsRemoved", Integer.toString(checkpoints.size()));
    checkpoints.forEach((checkpoint, why) -> detail.put("remove." + checkpoint.artifactId(), why));
    audit.record(
        request.requestedBy(),
        action,
        request.gatewayId(),
        failures.isEmpty() ? AuditOutcome.SUCCESS : AuditOutcome.FAILURE,
        request.envelope(),
        request.gatewayId(),
        detail);
    return new PruneReport(
        request.commandId(),
        request.gatewayId(),
        request.dryRun(),
        decision,
        deletions,
        failures,
        catalog.problems(),
        null);
  }

  /**
   * Checkpoints no restore can use any more: a checkpoint's entities are composed on a verified
   * snapshot at or before its watermark, so once retention keeps none of those (the oldest retained
   * verified snapshot is newer than the checkpoint), the checkpoint goes too, with its reason.
   * Nothing is removed while no verified snapshot is retained at all.
   */
  static Map<StoredBackup, String> uselessCheckpoints(
      BackupCatalog catalog, RetentionDecision decision) {
    java.util.Set<String> kept =
        decision.keep().stream()
            .map(verdict -> verdict.backup().id())
            .collect(java.util.stream.Collectors.toSet());
    Optional<StoredBackup> oldestKept =
        catalog.backups().stream()
            .filter(backup -> kept.contains(backup.artifactId()) && backup.verified())
            .min(java.util.Comparator.comparingLong(b -> b.manifest().watermarkSequence()));
    Map<StoredBackup, String> useless = new LinkedHashMap<>();
    if (oldestKept.isEmpty()) {
      return useless;
    }
    long oldestWatermark = oldestKept.get().manifest().watermarkSequence();
    for (StoredBackup backup : catalog.backups()) {
      if (backup.manifest().kind() == ArtifactKind.CHECKPOINT
          && backup.manifest().watermarkSequence() < oldestWatermark) {
        useless.put(
            backup,
            "checkpoint at sequence "
                + backup.manifest().watermarkSequence()
                + " is older than the oldest retained verified snapshot "
                + oldestKept.get().artifactId()
                + " (sequence "
                + oldestWatermark
                + "): no retained snapshot is left to compose it on");
      }
    }
    return useless;
  }

  private Optional<BackupStore> target(String targetId) {
    return targets.stream()
        .filter(store -> store.describe().targetId().equals(targetId))
        .findFirst();
  }

  private void recordDeletion(
      PruneRequested request, RetentionPolicy policy, PruneReport.Deletion deletion) {
    DeletionRecord record =
        new DeletionRecord(
            envelopes.derived(
                "DeletionRecord",
                request.envelope(),
                request.gatewayId(),
                request.commandId(),
                deletion.targetId(),
                deletion.key(),
                Boolean.toString(request.dryRun())),
            deletion.artifactId(),
            deletion.targetId(),
            deletion.location(),
            envelopes.clock().instant(),
            deletion.reason(),
            policy.describe(),
            request.requestedBy(),
            request.dryRun());
    publisher.publish(GatevaultTopics.DELETIONS, deletion.artifactId(), record);
    if (!request.dryRun()) {
      auditDeletion(request, policy, deletion, AuditOutcome.SUCCESS, null);
    }
  }

  private void auditDeletion(
      PruneRequested request,
      RetentionPolicy policy,
      PruneReport.Deletion deletion,
      AuditOutcome outcome,
      String failure) {
    Map<String, String> detail = requestDetail(request);
    detail.put("targetId", deletion.targetId());
    detail.put("object", deletion.key());
    detail.put("location", deletion.location());
    detail.put("reason", deletion.reason());
    detail.put("policy", policy.describe());
    if (failure != null) {
      detail.put("failure", failure);
    }
    audit.record(
        request.requestedBy(),
        ACTION_DELETE,
        deletion.artifactId(),
        outcome,
        request.envelope(),
        request.gatewayId(),
        detail);
  }

  private static Map<String, String> requestDetail(PruneRequested request) {
    Map<String, String> detail = new LinkedHashMap<>();
    detail.put("commandId", request.commandId());
    detail.put("dryRun", Boolean.toString(request.dryRun()));
    return detail;
  }
}

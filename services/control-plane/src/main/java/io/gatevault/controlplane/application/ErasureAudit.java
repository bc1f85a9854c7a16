package io.gatevault.controlplane.application;

import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.event.AuditRecord;
import io.gatevault.core.event.DeletionRecord;
import io.gatevault.core.event.EventEnvelope;
import io.gatevault.core.event.VerificationStatus;
import io.gatevault.stream.Envelopes;
import io.gatevault.stream.EventPublisher;
import io.gatevault.stream.GatevaultTopics;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records a GDPR erasure that {@code gatevault gdpr erase} ran (outside the pipeline: it works on
 * the targets directly): one audit record, action {@value #ACTION} on target {@code
 * erasure/<erasureId>}, and one deletion record per deleted copy of a replaced backup, so the
 * catalog lists those copies as deleted like pruned ones. Ids derive from the erasure, the run and
 * the copy, so a retried request is recorded once. The deletion records on every target (written by
 * the command) stay the full record; neither holds the subject, only its digest.
 */
public class ErasureAudit {

  public static final String ACTION = "gdpr.erase";
  public static final String POLICY = "gdpr-erasure";

  private final EventPublisher publisher;
  private final Envelopes envelopes;

  public ErasureAudit(EventPublisher publisher, Envelopes envelopes) {
    this.publisher = publisher;
    this.envelopes = envelopes;
  }

  /**
   * One run of an erasure.
   *
   * @param erasureId the erasure's id (its journal is {@code erasures/<erasureId>/} on every
   *     target)
   * @param runId the CLI's id for this run
   * @param subjectDigest SHA-256 digest of the subject (never the subject)
   * @param reason legal basis or ticket
   * @param result COMPLETE, PARTIAL or FAILED
   * @param artifacts the backups that held the subject
   * @param checked how many backups were read and found without it
   * @param rescanClean whether reading every copy again found the subject nowhere
   */
  public record Run(
      String erasureId,
      String runId,
      String subjectDigest,
      String reason,
      String result,
      List<Artifact> artifacts,
      int checked,
      boolean rescanClean,
      String requestedBy) {}

  /**
   * A backup that held the subject, its replacement and the copies deleted in this run.
   *
   * @param replacement what the catalog needs of the backup written in its place, or null when none
   *     was written (needs review, failed)
   */
  public record Artifact(
      String gatewayId,
      String oldArtifactId,
      String newArtifactId,
      String outcome,
      List<DeletedCopy> deletedCopies,
      ErasureReplacement replacement) {}

  /** One deleted copy: the target and where the sealed object was. */
  public record DeletedCopy(String targetId, String location) {}

  public AuditRecord record(Run run) {
    AuditOutcome outcome =
        switch (run.result()) {
          case "COMPLETE" -> AuditOutcome.SUCCESS;
          case "PARTIAL" -> AuditOutcome.PARTIAL;
          default -> AuditOutcome.FAILURE;
        };
    Instant now = envelopes.clock().instant();
    String reason = "GDPR erasure " + run.erasureId() + ": " + run.reason();
    for (Artifact artifact : run.artifacts()) {
      for (DeletedCopy copy : artifact.deletedCopies()) {
        EventEnvelope envelope =
            envelopes.derived(
                "DeletionRecord",
                null,
                artifact.gatewayId(),
                run.erasureId(),
                artifact.oldArtifactId(),
                copy.targetId());
        publisher.publish(
            GatevaultTopics.DELETIONS,
            artifact.gatewayId(),
            new DeletionRecord(
                envelope,
                artifact.oldArtifactId(),
                copy.targetId(),
                copy.location(),
                now,
                reason + " (replaced by " + artifact.newArtifactId() + ")",
                POLICY,
                run.requestedBy(),
                false));
      }
    }
    for (Artifact artifact : run.artifacts()) {
      if (artifact.replacement() != null) {
        publishReplacement(run, artifact.replacement(), now);
      }
    }
    String target = "erasure/" + run.erasureId();
    EventEnvelope envelope =
        envelopes.derived("AuditRecord", null, null, ACTION, target, outcome.name(), run.runId());
    Map<String, String> detail = new LinkedHashMap<>();
    detail.put("subjectDigest", run.subjectDigest());
    detail.put("reason", run.reason());
    detail.put("result", run.result());
    detail.put("erased", Integer.toString(run.artifacts().size()));
    detail.put("checked", Integer.toString(run.checked()));
    detail.put("rescanClean", Boolean.toString(run.rescanClean()));
    for (Artifact artifact : run.artifacts()) {
      detail.put(
          "artifact " + artifact.oldArtifactId(),
          artifact.outcome()
              + (artifact.newArtifactId() == null
                  ? ""
                  : ", replaced by " + artifact.newArtifactId())
              + ", copies deleted in this run: "
              + artifact.deletedCopies().size());
    }
    detail.put("runId", run.runId());
    AuditRecord record =
        new AuditRecord(envelope, run.requestedBy(), ACTION, target, outcome, detail, now);
    publisher.publish(GatevaultTopics.AUDIT, run.requestedBy(), record);
    return record;
  }

  /**
   * The replacement as its own audit record ({@link ErasureReplacement#ACTION}), which the catalog
   * reads from the audit topic. Its id derives from the erasure and the replacement only, so a
   * second report of the same replacement is the same record.
   */
  private void publishReplacement(Run run, ErasureReplacement replacement, Instant now) {
    String target = "backup/" + replacement.artifactId();
    EventEnvelope envelope =
        envelopes.derived(
            "AuditRecord",
            null,
            replacement.gatewayId(),
            ErasureReplacement.ACTION,
            target,
            run.erasureId(),
            replacement.sha256());
    publisher.publish(
        GatevaultTopics.AUDIT,
        run.requestedBy(),
        new AuditRecord(
            envelope,
            run.requestedBy(),
            ErasureReplacement.ACTION,
            target,
            replacement.status() == VerificationStatus.SUCCESS
                ? AuditOutcome.SUCCESS
                : AuditOutcome.PARTIAL,
            replacement.toDetail(),
            now));
  }
}

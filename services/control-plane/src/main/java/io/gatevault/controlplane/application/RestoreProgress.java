package io.gatevault.controlplane.application;

import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.event.AuditRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How far a restore command has come, read from the audit trail: the request ({@code
 * restore.request}, audited by the control plane), each step the restore service reports ({@code
 * restore.step}, detail {commandId, step, outcome, message}) and the end ({@code
 * restore.completed}).
 *
 * @param commandId the restore command
 * @param gatewayId gateway the restore was requested for, or null when the request is not in view
 * @param status REQUESTED (nothing reported yet), RUNNING, SUCCEEDED, PARTIAL (the newest known
 *     state restored but the change log not known complete up to the target time, or a rollback
 *     that failed too: the message says which) or FAILED
 * @param outcome the completion's outcome as audited (SUCCESS, FAILURE...), or null while running
 * @param requestedBy who asked, or null when the request is not in view
 * @param requestedAt when, or null
 * @param completedAt when the restore ended, or null
 * @param message the completion's message, or null
 * @param steps the steps reported, in order
 */
public record RestoreProgress(
    String commandId,
    String gatewayId,
    String status,
    String outcome,
    String requestedBy,
    Instant requestedAt,
    Instant completedAt,
    String message,
    List<Step> steps) {

  static final String REQUEST = "restore.request";
  static final String STEP = "restore.step";
  static final String COMPLETED = "restore.completed";

  /**
   * One reported step.
   *
   * @param step e.g. locate, integrity-check, safety-snapshot, diff, apply, probe, rollback
   * @param outcome what the restore service reported (its detail's outcome, else the record's)
   * @param message what happened, or null
   * @param at when it was audited
   */
  public record Step(String step, String outcome, String message, Instant at) {}

  /** The progress of {@code commandId}, or empty when the audit trail holds nothing about it. */
  public static Optional<RestoreProgress> of(String commandId, AuditView audit) {
    List<AuditRecord> records = audit.ofCommand(commandId, Set.of(REQUEST, STEP, COMPLETED));
    if (records.isEmpty()) {
      return Optional.empty();
    }
    String gatewayId = null;
    String requestedBy = null;
    Instant requestedAt = null;
    AuditRecord completed = null;
    List<Step> steps = new ArrayList<>();
    for (AuditRecord record : records) {
      switch (record.action()) {
        case REQUEST -> {
          gatewayId = record.target();
          requestedBy = record.actor();
          requestedAt = record.at();
        }
        case STEP -> steps.add(step(record));
        default -> completed = record;
      }
    }
    if (gatewayId == null && completed != null) {
      gatewayId = completed.envelope().gatewayId();
    }
    String status;
    String outcome = null;
    String message = null;
    if (completed != null) {
      outcome = completed.detail().getOrDefault("outcome", completed.outcome().name());
      status =
          completed.outcome() == AuditOutcome.PARTIAL
              ? "PARTIAL"
              : completed.outcome() == AuditOutcome.SUCCESS && !"FAILURE".equals(outcome)
                  ? "SUCCEEDED"
                  : "FAILED";
      message = messageOf(completed.detail());
    } else {
      status = steps.isEmpty() ? "REQUESTED" : "RUNNING";
    }
    return Optional.of(
        new RestoreProgress(
            commandId,
            gatewayId,
            status,
            outcome,
            requestedBy,
            requestedAt,
            completed == null ? null : completed.at(),
            message,
            List.copyOf(steps)));
  }

  private static Step step(AuditRecord record) {
    Map<String, String> detail = record.detail();
    return new Step(
        detail.getOrDefault("step", "unnamed"),
        detail.getOrDefault("outcome", record.outcome().name()),
        messageOf(detail),
        record.at());
  }

  private static String messageOf(Map<String, String> detail) {
    return detail.getOrDefault("message", detail.get("reason"));
  }
}

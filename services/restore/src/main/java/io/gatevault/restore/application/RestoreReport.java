package io.gatevault.restore.application;

import io.gatevault.core.config.ConfigDiff;
import io.gatevault.core.event.AuditOutcome;
import java.util.List;

/**
 * How a restore ended.
 *
 * @param commandId the RestoreRequested command
 * @param backupId the backup restored (null when none could be located)
 * @param targetGatewayId the gateway written to
 * @param outcome SUCCESS: the backup runs and was verified by probe; FAILURE: the target runs the
 *     configuration it had before (refused early, refused by the gateway, or rolled back); PARTIAL:
 *     neither (the rollback failed too): the target needs a person; or, for a time target past what
 *     the change log is known complete for ({@link #logIncomplete()}), the newest known state was
 *     restored (or planned, in a dry run) but changes between then and the target are unknown
 * @param steps each step with its outcome, in order
 * @param diff what the restore changes (null when it stopped before the diff)
 * @param message one sentence for people
 * @param coverage for a point-in-time restore that got as far as replay: whether the log is known
 *     complete up to the target; null otherwise
 * @param replayed for a point-in-time restore that got as far as replay: where replay started and
 *     how many changes it applied; null otherwise
 */
public record RestoreReport(
    String commandId,
    String backupId,
    String targetGatewayId,
    AuditOutcome outcome,
    List<Step> steps,
    ConfigDiff diff,
    String message,
    LogCoverage.Verdict coverage,
    Replayed replayed) {

  public RestoreReport {
    steps = List.copyOf(steps);
  }

  /**
   * Where a point-in-time replay started and what it applied.
   *
   * @param baseKind {@code snapshot} or {@code checkpoint}
   * @param baseId the base's artifact id
   * @param baseWatermark the last sequence the base holds
   * @param composedOn the snapshot whose native document the result was composed on (the base
   *     itself for a snapshot)
   * @param changesReplayed changes applied after the base
   * @param skippedCheckpoints nearer checkpoints that were unusable, each with why
   */
  public record Replayed(
      String baseKind,
      String baseId,
      long baseWatermark,
      String composedOn,
      long changesReplayed,
      List<String> skippedCheckpoints) {

    public Replayed {
      skippedCheckpoints = List.copyOf(skippedCheckpoints);
    }

    /** What a reconstruction started from and applied. */
    public static Replayed of(PointInTimeStates.Reconstruction rebuilt) {
      return new Replayed(
          rebuilt.plan().base().kind().name().toLowerCase(java.util.Locale.ROOT),
          rebuilt.plan().base().id(),
          rebuilt.plan().base().watermark(),
          rebuilt.plan().base().baseSnapshot(),
          rebuilt.result().applied(),
          rebuilt.fallbacks());
    }
  }

  /** One step's result. */
  public record Step(RestoreStep step, AuditOutcome outcome, String message) {}

  /**
   * True when the restore is PARTIAL because the log is not known complete up to the target time
   * (the newest known state was restored), not because a step failed.
   */
  public boolean logIncomplete() {
    return outcome == AuditOutcome.PARTIAL
        && coverage != null
        && !coverage.complete()
        && steps.stream().noneMatch(step -> step.outcome() == AuditOutcome.FAILURE);
  }

  /** The steps' names in order, for tests and logs. */
  public List<String> stepLabels() {
    return steps.stream().map(step -> step.step().label() + ":" + step.outcome()).toList();
  }
}

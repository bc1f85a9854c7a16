package io.gatevault.core.pitr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The honest account of a restore, filled in by the restore service as it goes: for every step of
 * the {@link RestorePlan} whether it was applied, failed, rolled back (or failed to roll back), or
 * never attempted. {@link #render()} answers "what was applied, what was rolled back, what
 * remains". Gateways loaded as one whole document apply all steps at once: use {@link
 * #appliedAll()} or {@link #failedAll(String)}.
 *
 * <p>Not thread-safe: one restore fills one report.
 */
public final class RestoreReport {

  /** Where a step ended up. */
  public enum Outcome {
    NOT_ATTEMPTED,
    APPLIED,
    FAILED,
    ROLLED_BACK,
    ROLLBACK_FAILED
  }

  /** One step and its outcome; {@code detail} says why for failures. */
  public record StepResult(RestorePlan.Step step, Outcome outcome, String detail) {}

  private final RestorePlan plan;
  private final Map<Integer, StepResult> results = new LinkedHashMap<>();

  public RestoreReport(RestorePlan plan) {
    this.plan = plan;
    for (RestorePlan.Step step : plan.steps()) {
      results.put(step.number(), new StepResult(step, Outcome.NOT_ATTEMPTED, null));
    }
  }

  public RestorePlan plan() {
    return plan;
  }

  public void applied(RestorePlan.Step step) {
    record(step, Outcome.APPLIED, null);
  }

  public void failed(RestorePlan.Step step, String reason) {
    record(step, Outcome.FAILED, reason);
  }

  /** An applied step was undone (from the safety snapshot). */
  public void rolledBack(RestorePlan.Step step) {
    require(step, Outcome.APPLIED, Outcome.FAILED);
    record(step, Outcome.ROLLED_BACK, null);
  }

  /** Undoing an applied step failed: the gateway holds it still. */
  public void rollbackFailed(RestorePlan.Step step, String reason) {
    record(step, Outcome.ROLLBACK_FAILED, reason);
  }

  /** Every step applied at once (a whole-document load). */
  public void appliedAll() {
    plan.steps().forEach(this::applied);
  }

  /** A whole-document load was refused: nothing applied. */
  public void failedAll(String reason) {
    plan.steps().forEach(step -> failed(step, reason));
  }

  /** Every applied step rolled back (the safety snapshot was loaded again). */
  public void rolledBackAll() {
    for (StepResult result : List.copyOf(results.values())) {
      if (result.outcome() == Outcome.APPLIED) {
        rolledBack(result.step());
      }
    }
  }

  public List<StepResult> results() {
    return List.copyOf(results.values());
  }

  public List<RestorePlan.Step> applied() {
    return with(Outcome.APPLIED);
  }

  public List<RestorePlan.Step> rolledBack() {
    return with(Outcome.ROLLED_BACK);
  }

  /**
   * What the gateway still lacks of the plan: steps never attempted, failed, or rolled back (their
   * change is not on the gateway).
   */
  public List<RestorePlan.Step> remaining() {
    List<RestorePlan.Step> remaining = new ArrayList<>();
    for (StepResult result : results.values()) {
      if (result.outcome() != Outcome.APPLIED && result.outcome() != Outcome.ROLLBACK_FAILED) {
        remaining.add(result.step());
      }
    }
    return remaining;
  }

  /** Steps whose rollback failed: the gateway holds them although the restore did not complete. */
  public List<RestorePlan.Step> stuck() {
    return with(Outcome.ROLLBACK_FAILED);
  }

  /** Whether every step was applied and stays applied. */
  public boolean complete() {
    return results.values().stream().allMatch(result -> result.outcome() == Outcome.APPLIED);
  }

  /** A summary line, then one line per step with its outcome. */
  public String render() {
    StringBuilder text =
        new StringBuilder(complete() ? "Restore complete: " : "Restore NOT complete: ")
            .append(applied().size())
            .append(" applied, ")
            .append(rolledBack().size())
            .append(" rolled back, ")
            .append(stuck().size())
            .append(" failed to roll back, ")
            .append(remaining().size())
            .append(" remain");
    for (StepResult result : results.values()) {
      text.append('\n').append(result.step().render()).append(" [").append(result.outcome());
      if (result.detail() != null) {
        text.append(": ").append(result.detail());
      }
      text.append(']');
    }
    if (!plan.leftOut().isEmpty()) {
      text.append('\n')
          .append(plan.leftOut().size())
          .append(" difference(s) left out by the selection (")
          .append(plan.selection().describe())
          .append(')');
    }
    return text.toString();
  }

  private List<RestorePlan.Step> with(Outcome outcome) {
    return results.values().stream()
        .filter(result -> result.outcome() == outcome)
        .map(StepResult::step)
        .toList();
  }

  private void require(RestorePlan.Step step, Outcome... allowed) {
    Outcome now = current(step).outcome();
    for (Outcome outcome : allowed) {
      if (now == outcome) {
        return;
      }
    }
    throw new IllegalStateException(
        "Step " + step.render() + " is " + now + "; only an applied or failed step is rolled back");
  }

  private StepResult current(RestorePlan.Step step) {
    StepResult result = results.get(step.number());
    if (result == null || !result.step().equals(step)) {
      throw new IllegalArgumentException("Step " + step.render() + " is not a step of this plan");
    }
    return result;
  }

  private void record(RestorePlan.Step step, Outcome outcome, String detail) {
    current(step);
    results.put(step.number(), new StepResult(step, outcome, detail));
  }
}

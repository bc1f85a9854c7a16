package io.gatevault.controlplane.application;

import static io.gatevault.controlplane.application.CatalogEvents.AT;
import static io.gatevault.controlplane.application.CatalogEvents.audit;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.core.event.AuditOutcome;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestoreProgressTest {

  private final AuditView audit = new AuditView(100);

  private void step(String commandId, String step, String outcome, int second) {
    audit.add(
        audit(
            "restore.step",
            "restore",
            "FAILURE".equals(outcome) ? AuditOutcome.FAILURE : AuditOutcome.SUCCESS,
            Map.of(
                "commandId", commandId, "step", step, "outcome", outcome, "message", step + " ok"),
            AT.plusSeconds(second)));
  }

  @Test
  void aCommandTheAuditTrailDoesNotKnowHasNoProgress() {
    assertThat(RestoreProgress.of("nope", audit)).isEmpty();
  }

  @Test
  void aRequestWithoutStepsIsRequested() {
    audit.add(
        audit(
            "restore.request",
            "alice",
            AuditOutcome.SUCCESS,
            Map.of("commandId", "cmd-1", "dryRun", "false"),
            AT));

    RestoreProgress progress = RestoreProgress.of("cmd-1", audit).orElseThrow();
    assertThat(progress.status()).isEqualTo("REQUESTED");
    assertThat(progress.requestedBy()).isEqualTo("alice");
    assertThat(progress.gatewayId()).isEqualTo("caddy-prod");
    assertThat(progress.steps()).isEmpty();
  }

  @Test
  void stepsAreListedInOrderOnlyForTheirCommandAndTheRestoreRunsUntilCompleted() {
    step("cmd-1", "locate", "SUCCESS", 1);
    step("cmd-2", "locate", "SUCCESS", 2);
    step("cmd-1", "integrity-check", "SUCCESS", 3);

    RestoreProgress running = RestoreProgress.of("cmd-1", audit).orElseThrow();
    assertThat(running.status()).isEqualTo("RUNNING");
    assertThat(running.steps())
        .extracting(RestoreProgress.Step::step)
        .containsExactly("locate", "integrity-check");
    assertThat(running.steps().get(0).message()).isEqualTo("locate ok");
  }

  @Test
  void aRestoreOfTheNewestKnownStatePastTheKnownLogEndsPartialNotSucceeded() {
    step("cmd-2", "replay", "PARTIAL", 1);
    step("cmd-2", "probe", "SUCCESS", 2);
    audit.add(
        audit(
            "restore.completed",
            "restore",
            AuditOutcome.PARTIAL,
            Map.of(
                "commandId",
                "cmd-2",
                "outcome",
                "PARTIAL",
                "logComplete",
                "false",
                "message",
                "restored ...; PARTIAL: log known complete until 2026-11-26T10:00:00Z"),
            AT.plusSeconds(3)));

    RestoreProgress done = RestoreProgress.of("cmd-2", audit).orElseThrow();
    assertThat(done.status()).isEqualTo("PARTIAL");
    assertThat(done.outcome()).isEqualTo("PARTIAL");
    assertThat(done.message()).contains("log known complete until");
  }

  @Test
  void aFailedApplyRolledBackEndsFailedWithEveryStepAndTheCompletionMessage() {
    step("cmd-1", "locate", "SUCCESS", 1);
    step("cmd-1", "apply", "FAILURE", 2);
    step("cmd-1", "rollback", "SUCCESS", 3);
    audit.add(
        audit(
            "restore.completed",
            "restore",
            AuditOutcome.FAILURE,
            Map.of(
                "commandId",
                "cmd-1",
                "outcome",
                "FAILURE",
                "message",
                "apply refused; gateway rolled back to the safety snapshot"),
            AT.plusSeconds(4)));

    RestoreProgress done = RestoreProgress.of("cmd-1", audit).orElseThrow();
    assertThat(done.status()).isEqualTo("FAILED");
    assertThat(done.outcome()).isEqualTo("FAILURE");
    assertThat(done.message()).contains("rolled back");
    assertThat(done.completedAt()).isEqualTo(AT.plusSeconds(4));
    assertThat(done.steps())
        .extracting(RestoreProgress.Step::step, RestoreProgress.Step::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("locate", "SUCCESS"),
            org.assertj.core.groups.Tuple.tuple("apply", "FAILURE"),
            org.assertj.core.groups.Tuple.tuple("rollback", "SUCCESS"));
  }

  @Test
  void aSuccessfulCompletionIsSucceeded() {
    step("cmd-1", "probe", "SUCCESS", 1);
    audit.add(
        audit(
            "restore.completed",
            "restore",
            AuditOutcome.SUCCESS,
            Map.of("commandId", "cmd-1", "outcome", "SUCCESS"),
            AT.plusSeconds(2)));

    assertThat(RestoreProgress.of("cmd-1", audit).orElseThrow().status()).isEqualTo("SUCCEEDED");
  }
}

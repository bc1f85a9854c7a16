package io.gatevault.core.pitr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.core.config.ConfigEntity;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestoreReportTest {

  private final RestorePlan plan =
      RestorePlan.between(
          List.of(RestorePlanTest.entity("route", "gone", "{}")),
          List.of(
              RestorePlanTest.entity("service", "s", "{}"),
              RestorePlanTest.entity("route", "r", "{}", "service/s")),
          RestoreSelection.ALL);

  @Test
  void aFailedStepAfterAppliedOnesRolledBackLeavesEverythingRemaining() {
    RestoreReport report = new RestoreReport(plan);
    List<RestorePlan.Step> steps = plan.steps();

    report.applied(steps.get(0));
    report.failed(steps.get(1), "HTTP 400: unknown service");
    report.rolledBack(steps.get(0));

    assertThat(report.complete()).isFalse();
    assertThat(report.applied()).isEmpty();
    assertThat(report.rolledBack()).containsExactly(steps.get(0));
    assertThat(report.remaining()).containsExactlyElementsOf(steps);
    assertThat(report.render())
        .startsWith(
            "Restore NOT complete: 0 applied, 1 rolled back, 0 failed to roll back, 3 remain")
        .contains("2. + route/r (name-r) [FAILED: HTTP 400: unknown service]")
        .contains("3. - route/gone (name-gone) [NOT_ATTEMPTED]");
  }

  @Test
  void aRollbackThatFailsLeavesTheStepOnTheGatewayAndSaysSo() {
    RestoreReport report = new RestoreReport(plan);
    RestorePlan.Step first = plan.steps().get(0);

    report.applied(first);
    report.rollbackFailed(first, "gateway unreachable");

    assertThat(report.stuck()).containsExactly(first);
    assertThat(report.remaining()).hasSize(2);
    assertThat(report.render()).contains("1 failed to roll back");
  }

  @Test
  void aWholeDocumentLoadAppliesEveryStep() {
    RestoreReport report = new RestoreReport(plan);

    report.appliedAll();

    assertThat(report.complete()).isTrue();
    assertThat(report.remaining()).isEmpty();
    assertThat(report.render()).startsWith("Restore complete: 3 applied");
  }

  @Test
  void onlyAnAppliedOrFailedStepIsRolledBackAndForeignStepsAreRefused() {
    RestoreReport report = new RestoreReport(plan);
    RestorePlan.Step foreign =
        new RestorePlan.Step(
            1,
            RestorePlan.Action.CREATE,
            null,
            new ConfigEntity("x", "y", null, null, null, "{}"),
            List.of());

    assertThatThrownBy(() -> report.rolledBack(plan.steps().get(0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("NOT_ATTEMPTED");
    assertThatThrownBy(() -> report.applied(foreign))
        .hasMessageContaining("not a step of this plan");
  }
}

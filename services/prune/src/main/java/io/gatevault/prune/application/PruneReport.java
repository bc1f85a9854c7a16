package io.gatevault.prune.application;

import io.gatevault.core.retention.RetentionDecision;
import io.gatevault.core.storage.CatalogProblem;
import java.util.List;

/**
 * What one prune decided and did (or, in a dry run, would do).
 *
 * @param decision the retention decision, with the reasons for every backup kept or removed; null
 *     when the request was refused
 * @param deletions every object deleted, or that a dry run would delete
 * @param failures objects that could not be deleted, with the reason; they stay for the next prune
 * @param problems what the catalog could not account for; never deleted by prune
 * @param refusal why the request was refused (e.g. unknown policy), or null
 */
public record PruneReport(
    String commandId,
    String gatewayId,
    boolean dryRun,
    RetentionDecision decision,
    List<Deletion> deletions,
    List<String> failures,
    List<CatalogProblem> problems,
    String refusal) {

  public PruneReport {
    deletions = List.copyOf(deletions);
    failures = List.copyOf(failures);
    problems = List.copyOf(problems);
  }

  /**
   * One object of a removed backup on one target.
   *
   * @param reason why its backup goes, from the retention decision
   */
  public record Deletion(
      String artifactId, String targetId, String key, String location, String reason) {}

  static PruneReport refused(String commandId, String gatewayId, boolean dryRun, String refusal) {
    return new PruneReport(
        commandId, gatewayId, dryRun, null, List.of(), List.of(), List.of(), refusal);
  }
}

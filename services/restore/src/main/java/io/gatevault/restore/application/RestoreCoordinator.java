package io.gatevault.restore.application;

import io.gatevault.core.config.ConfigDiff;
import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.config.MissingSecretValuesException;
import io.gatevault.core.config.RedactedSecret;
import io.gatevault.core.config.SensitiveDataClassifier;
import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.event.Command;
import io.gatevault.core.event.RestoreRequested;
import io.gatevault.core.gateway.GatewayAccessException;
import io.gatevault.core.gateway.GatewayAdapter;
import io.gatevault.core.gateway.ProbeResult;
import io.gatevault.core.pitr.ReplayException;
import io.gatevault.core.pitr.ReplayTarget;
import io.gatevault.core.pitr.RestorePlan;
import io.gatevault.core.pitr.RestoreSelection;
import io.gatevault.stream.AuditTrail;
import io.gatevault.stream.ProcessedEvents;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a gateway from a backup: locate the backup, check its integrity (refuse a damaged one),
 * take a safety snapshot of the target, report the entity diff, stop there for a dry run, apply,
 * probe that the target runs exactly the backup, and on any failure after the apply began put the
 * safety snapshot back. Every step is audited as {@value #STEP_ACTION} with detail {commandId,
 * step, outcome, message}, and the end as {@value #COMPLETED_ACTION} SUCCESS, FAILURE (the target
 * runs what it ran before) or PARTIAL (it runs neither: the rollback failed too).
 *
 * <p>A command is handled once ({@link ProcessedEvents}). Failures are reported, not retried: a
 * restore changes a live gateway, so trying again is the operator's decision.
 */
public class RestoreCoordinator {

  static final String STEP_ACTION = "restore.step";
  static final String COMPLETED_ACTION = "restore.completed";

  /**
   * Detail of {@value #COMPLETED_ACTION} for a point in time: "false" when the restored state is
   * the newest known but the log is not known complete up to the target time (outcome PARTIAL).
   */
  public static final String LOG_COMPLETE_DETAIL = "logComplete";

  /**
   * Detail of {@value #COMPLETED_ACTION} for a point in time: the base replay started from, {@code
   * snapshot <id>} or {@code checkpoint <id>} (with replayBaseWatermark and changesReplayed).
   */
  public static final String REPLAY_BASE_DETAIL = "replayBase";

  /** Detail of {@value #COMPLETED_ACTION}: until when the change log is known complete. */
  public static final String LOG_KNOWN_COMPLETE_UNTIL_DETAIL = "logKnownCompleteUntil";

  /** Lines of the rendered diff an audit record carries; the rest is summarised. */
  static final int DIFF_LINES_AUDITED = 40;

  private static final Logger log = LoggerFactory.getLogger(RestoreCoordinator.class);

  private final BackupSource backups;
  private final GatewayDirectory gateways;
  private final AuditTrail audit;
  private final ProcessedEvents processed;
  private final SafetySnapshots safetySnapshots;
  private final PointInTimeStates pointInTime;

  /**
   * @param changeTail the raw changes topic's tail for a point-in-time restore, or {@link
   *     ChangeTail#none} when restore works from storage alone
   */
  public RestoreCoordinator(
      BackupSource backups,
      GatewayDirectory gateways,
      AuditTrail audit,
      ProcessedEvents processed,
      SafetySnapshots safetySnapshots,
      ChangeTail changeTail) {
    this(
        backups,
        gateways,
        audit,
        processed,
        safetySnapshots,
        changeTail,
        CaptureHeartbeats.none("restore from storage alone"));
  }

  /**
   * @param heartbeats capture's heartbeats: with them a time target up to the last successful poll
   *     is known complete; past what they and storage prove, a restore is reported PARTIAL
   */
  public RestoreCoordinator(
      BackupSource backups,
      GatewayDirectory gateways,
      AuditTrail audit,
      ProcessedEvents processed,
      SafetySnapshots safetySnapshots,
      ChangeTail changeTail,
      CaptureHeartbeats heartbeats) {
    this.pointInTime = new PointInTimeStates(backups, changeTail, heartbeats);
    this.backups = backups;
    this.gateways = gateways;
    this.audit = audit;
    this.processed = processed;
    this.safetySnapshots = safetySnapshots;
  }

  /** Handles a command from the command topic; only RestoreRequested concerns restore. */
  public void onCommand(Command command) {
    if (command instanceof RestoreRequested request) {
      processed.handleOnce(request.envelope().eventId(), () -> restore(request));
    }
  }

  /**
   * Runs one restore to its end and reports it (also on the audit trail). A command with a
   * selection (onlyTypes, onlyTags, onlyNames) restores only the entities it picks.
   */
  public RestoreReport restore(RestoreRequested request) {
    return restore(request, Map.of());
  }

  /**
   * Runs one restore with secret values the operator supplied for a backup taken with {@code
   * secrets: redact} (see {@link SecretsFile}); they are used in this process only, never audited
   * or published.
   *
   * @param suppliedSecrets value per reference ({@code <entity>#<path>}) the backup lists
   */
  public RestoreReport restore(RestoreRequested request, Map<String, String> suppliedSecrets) {
    return restore(request, suppliedSecrets, selectionOf(request));
  }

  /** The entities the command selects (its onlyTypes, onlyTags, onlyNames); all when none. */
  static RestoreSelection selectionOf(RestoreRequested request) {
    if (!request.isSelective()) {
      return RestoreSelection.ALL;
    }
    return new RestoreSelection(
        Set.copyOf(request.onlyTypes()),
        Set.copyOf(request.onlyTags()),
        List.copyOf(request.onlyNames()));
  }

  /**
   * Runs one restore of only the entities {@code selection} picks: the target keeps everything else
   * as it runs it now. The plan names what the selection leaves out.
   */
  public RestoreReport restore(
      RestoreRequested request, Map<String, String> suppliedSecrets, RestoreSelection selection) {
    Run run = new Run(request);
    String targetId = request.effectiveTargetGatewayId();

    // 1. locate
    Optional<GatewayAdapter> found = gateways.find(targetId);
    if (found.isEmpty()) {
      return run.fail(
          RestoreStep.LOCATE,
          "restore does not know gateway '"
              + targetId
              + "' (it knows "
              + gateways.knownGatewayIds()
              + "): add it under gatevault.restore.gateways or check the request's target");
    }
    GatewayAdapter target = found.get();
    // Steps 1 and 2 (and the replay for a point in time) end with the configuration to restore.
    ConfigSnapshot backup;
    boolean atPointInTime = request.atTime() != null || request.atSequence() != null;
    if (atPointInTime) {
      Located located = locateAtPointInTime(run, request, target);
      if (located.refused() != null) {
        return located.refused();
      }
      backup = located.snapshot();
    } else {
      Located located = locateBackup(run, request, target);
      if (located.refused() != null) {
        return located.refused();
      }
      backup = located.snapshot();
    }
    String backupId = run.backupId;
    String restoring =
        atPointInTime
            ? "the configuration "
                + (request.atSequence() != null
                    ? "at sequence " + request.atSequence()
                    : "as of " + request.atTime())
                + " (base snapshot "
                + backupId
                + ")"
            : "backup " + backupId;

    // 2b. redacted secrets: a dry run names them, a real restore needs every one supplied
    boolean redacted = !backup.redactedSecrets().isEmpty();
    if (redacted) {
      String needed =
          backup.redactedSecrets().size()
              + " redacted secret value(s) to supply: "
              + String.join(
                  "; ", backup.redactedSecrets().stream().map(RedactedSecret::describe).toList());
      try {
        backup = SensitiveDataClassifier.supplySecrets(backup, suppliedSecrets);
        run.step(
            RestoreStep.SECRETS, AuditOutcome.SUCCESS, "every value supplied (" + needed + ")");
      } catch (MissingSecretValuesException missing) {
        if (!request.dryRun()) {
          return run.fail(
              RestoreStep.SECRETS,
              "refused: backup "
                  + backupId
                  + " was taken with secrets: redact; "
                  + missing.getMessage()
                  + ", and run the restore with --from <target> --secrets-file <file>");
        }
        run.step(
            RestoreStep.SECRETS,
            AuditOutcome.SUCCESS,
            "dry run: a real restore needs "
                + needed
                + " (missing: "
                + missing.missing().size()
                + "; supply them with --secrets-file)");
      }
    }

    // 3. safety snapshot
    ConfigSnapshot before;
    try {
      before = target.dump();
    } catch (GatewayAccessException e) {
      return run.fail(
          RestoreStep.SAFETY_SNAPSHOT,
          "could not read the target's configuration, nothing was changed: " + e.getMessage());
    }
    safetySnapshots.keep(request.commandId(), before);
    run.step(
        RestoreStep.SAFETY_SNAPSHOT,
        AuditOutcome.SUCCESS,
        "kept the configuration gateway "
            + targetId
            + " runs now ("
            + before.entities().size()
            + " entities, config hash "
            + before.configHash().hex()
            + ")");

    // 4. plan (point in time or selective) and diff
    if (atPointInTime || !selection.selectsAll()) {
      RestorePlan plan;
      try {
        plan = RestorePlan.between(before, backup.entities(), selection);
      } catch (RuntimeException e) {
        return run.fail(RestoreStep.PLAN, "could not plan the restore: " + describe(e));
      }
      if (!plan.isExecutable()) {
        return run.fail(RestoreStep.PLAN, "the plan cannot be carried out:\n" + plan.render());
      }
      if (!selection.selectsAll()) {
        // Only the selected entities change: the rest stays as the target runs it now.
        backup = target.compose(before, plan.resultingEntities(before.entities()));
      }
      run.step(RestoreStep.PLAN, AuditOutcome.SUCCESS, auditedRender(plan.render()));
    }
    ConfigDiff diff = ConfigDiff.between(before, backup);
    run.diff = diff;
    run.step(RestoreStep.DIFF, AuditOutcome.SUCCESS, auditedRender(diff.render()));
    if (request.dryRun()) {
      return run.finish(
          run.outcomeForCoverage(),
          "dry run: "
              + diff.summary()
              + "; nothing was applied to gateway "
              + targetId
              + run.coverageNote());
    }

    // 5. apply
    if (diff.isEmpty()) {
      run.step(
          RestoreStep.APPLY,
          AuditOutcome.SUCCESS,
          "nothing to apply: gateway " + targetId + " already runs this backup");
    } else {
      try {
        target.apply(backup);
        run.step(RestoreStep.APPLY, AuditOutcome.SUCCESS, "applied " + restoring);
      } catch (GatewayAccessException e) {
        run.step(RestoreStep.APPLY, AuditOutcome.FAILURE, e.getMessage());
        return rollBack(run, target, before, "the apply failed");
      }
    }

    // 6. probe
    ProbeResult probe = target.probe();
    // With supplied secrets the gateway runs those values, which may be new ones (rotated); a
    // composed document (point in time, selective) is hashed the way the gateway hashes it.
    String expected =
        redacted || atPointInTime || !selection.selectsAll()
            ? target.configHashOf(backup.nativeConfigTree()).hex()
            : backup.configHash().hex();
    if (!probe.reachable()) {
      run.step(RestoreStep.PROBE, AuditOutcome.FAILURE, probe.message());
      return rollBack(run, target, before, "the probe could not reach the gateway");
    }
    if (!expected.equals(probe.configHash())) {
      run.step(
          RestoreStep.PROBE,
          AuditOutcome.FAILURE,
          "gateway "
              + targetId
              + " runs config hash "
              + probe.configHash()
              + ", the backup's is "
              + expected
              + ": "
              + probe.message());
      return rollBack(run, target, before, "the gateway does not run the backup");
    }
    run.step(
        RestoreStep.PROBE,
        AuditOutcome.SUCCESS,
        "gateway " + targetId + " runs the backup (config hash " + expected + ")");
    return run.finish(
        run.outcomeForCoverage(),
        "restored "
            + restoring
            + (selection.selectsAll() ? "" : " for " + selection.describe())
            + " to gateway "
            + targetId
            + ": "
            + diff.summary()
            + run.coverageNote());
  }

  /** A backup located and checked, or the report of why restore refused it. */
  private record Located(ConfigSnapshot snapshot, RestoreReport refused) {
    static Located found(ConfigSnapshot snapshot) {
      return new Located(snapshot, null);
    }

    static Located refusal(RestoreReport refused) {
      return new Located(null, refused);
    }
  }

  /** Steps 1 and 2 for a backup: the one named, or the newest verified. */
  private Located locateBackup(Run run, RestoreRequested request, GatewayAdapter target) {
    String backupId = request.backupId();
    if (backupId == null) {
      try {
        backupId = backups.newestBackupOf(request.gatewayId()).orElse(null);
      } catch (RuntimeException e) {
        return Located.refusal(
            run.fail(RestoreStep.LOCATE, "could not list backups: " + describe(e)));
      }
      if (backupId == null) {
        return Located.refusal(
            run.fail(
                RestoreStep.LOCATE,
                "gateway " + request.gatewayId() + " has no verified backup to restore"));
      }
    }
    run.backupId = backupId;
    run.step(
        RestoreStep.LOCATE,
        AuditOutcome.SUCCESS,
        "backup " + backupId + (request.backupId() == null ? " (newest verified)" : ""));

    // 2. integrity check: nothing touches the gateway before the backup is known good
    ConfigSnapshot backup;
    try {
      BackupSource.VerifiedBackup verified = backups.read(backupId);
      if (io.gatevault.core.pitr.Checkpoint.isCheckpointDocument(verified.document())) {
        long sequence = io.gatevault.core.pitr.Checkpoint.read(verified.document()).watermark();
        return Located.refusal(
            run.fail(
                RestoreStep.LOCATE,
                "refused: "
                    + backupId
                    + " is a checkpoint (the configuration at change "
                    + sequence
                    + ", a replay aid for point-in-time restore), not a backup to restore by"
                    + " name: restore that moment with --seq "
                    + sequence
                    + " (or --at <time>)"));
      }
      backup = ConfigSnapshot.fromDocument(verified.document());
      run.step(
          RestoreStep.INTEGRITY_CHECK,
          AuditOutcome.SUCCESS,
          verified.checks() + "; snapshot document of gateway " + backup.gatewayId() + " parsed");
    } catch (BackupUnusableException e) {
      return Located.refusal(run.fail(RestoreStep.INTEGRITY_CHECK, "refused: " + e.getMessage()));
    } catch (IllegalArgumentException e) {
      return Located.refusal(
          run.fail(
              RestoreStep.INTEGRITY_CHECK,
              "refused: backup "
                  + backupId
                  + " decrypted but is not a snapshot document ("
                  + e.getMessage()
                  + "); restore another backup"));
    } catch (RuntimeException e) {
      return Located.refusal(
          run.fail(RestoreStep.INTEGRITY_CHECK, "could not read the backup: " + describe(e)));
    }
    RestoreReport wrongType = refuseOtherType(run, backup, backupId, target);
    if (wrongType != null) {
      return Located.refusal(wrongType);
    }
    return Located.found(backup);
  }

  /**
   * Steps 1 and 2 for a point in time: the newest verified snapshot at or before it, its integrity
   * checked, the change log after its watermark replayed (each segment authenticated as it is
   * unsealed) and the native document composed from the replayed entities.
   */
  private Located locateAtPointInTime(Run run, RestoreRequested request, GatewayAdapter target) {
    if (request.backupId() != null) {
      return Located.refusal(
          run.fail(
              RestoreStep.LOCATE,
              "give either a backup ("
                  + request.backupId()
                  + ") or a point in time (--at/--seq), not both"));
    }
    ReplayTarget at =
        request.atSequence() != null
            ? new ReplayTarget.AtSequence(request.atSequence())
            : new ReplayTarget.AtTime(request.atTime());
    PointInTimeStates.Reconstruction rebuilt;
    try {
      rebuilt = pointInTime.reconstruct(request.gatewayId(), at);
    } catch (BackupUnusableException e) {
      return Located.refusal(run.fail(RestoreStep.INTEGRITY_CHECK, "refused: " + e.getMessage()));
    } catch (ReplayException e) {
      return Located.refusal(
          run.fail(RestoreStep.REPLAY, "cannot rebuild " + at.describe() + ": " + e.getMessage()));
    } catch (IllegalArgumentException e) {
      return Located.refusal(
          run.fail(
              RestoreStep.LOCATE,
              "no configuration of gateway "
                  + request.gatewayId()
                  + " "
                  + at.describe()
                  + " can be rebuilt: "
                  + e.getMessage()));
    } catch (RuntimeException e) {
      return Located.refusal(
          run.fail(RestoreStep.LOCATE, "could not rebuild " + at.describe() + ": " + describe(e)));
    }
    run.backupId = rebuilt.plan().base().id();
    run.step(
        RestoreStep.LOCATE,
        AuditOutcome.SUCCESS,
        "base "
            + rebuilt.baseDescription()
            + " for "
            + at.describe()
            + ": "
            + rebuilt.plan().describe());
    run.step(
        RestoreStep.INTEGRITY_CHECK,
        AuditOutcome.SUCCESS,
        rebuilt.checks()
            + "; snapshot document of gateway "
            + rebuilt.base().gatewayId()
            + " parsed; change segments authenticated as they were unsealed");
    RestoreReport wrongType = refuseOtherType(run, rebuilt.base(), run.backupId, target);
    if (wrongType != null) {
      return Located.refusal(wrongType);
    }
    ConfigSnapshot composed;
    try {
      composed = target.compose(rebuilt.base(), rebuilt.state().entities());
    } catch (RuntimeException e) {
      return Located.refusal(
          run.fail(
              RestoreStep.REPLAY,
              "replayed "
                  + at.describe()
                  + " but could not compose the native configuration: "
                  + describe(e)));
    }
    run.coverage = rebuilt.coverage();
    run.replayed = RestoreReport.Replayed.of(rebuilt);
    run.step(
        RestoreStep.REPLAY,
        rebuilt.coverage().complete() ? AuditOutcome.SUCCESS : AuditOutcome.PARTIAL,
        rebuilt.describe());
    return Located.found(composed);
  }

  private static RestoreReport refuseOtherType(
      Run run, ConfigSnapshot backup, String backupId, GatewayAdapter target) {
    if (backup.gatewayType().equals(target.gateway().type())) {
      return null;
    }
    return run.fail(
        RestoreStep.INTEGRITY_CHECK,
        "refused: backup "
            + backupId
            + " is a "
            + backup.gatewayType()
            + " configuration, gateway "
            + target.gateway().id()
            + " is "
            + target.gateway().type()
            + "; restore it to a gateway of the same type");
  }

  private RestoreReport rollBack(
      Run run, GatewayAdapter target, ConfigSnapshot before, String why) {
    String targetId = target.gateway().id();
    try {
      target.apply(before);
      String hash = target.configHash();
      if (!hash.equals(before.configHash().hex())) {
        run.step(
            RestoreStep.ROLLBACK,
            AuditOutcome.FAILURE,
            "re-applied the safety snapshot but gateway "
                + targetId
                + " runs config hash "
                + hash
                + ", not "
                + before.configHash().hex());
        return partial(run, targetId, why);
      }
    } catch (GatewayAccessException e) {
      run.step(RestoreStep.ROLLBACK, AuditOutcome.FAILURE, e.getMessage());
      return partial(run, targetId, why);
    }
    run.step(
        RestoreStep.ROLLBACK,
        AuditOutcome.SUCCESS,
        "gateway "
            + targetId
            + " runs its previous configuration again (config hash "
            + before.configHash().hex()
            + ")");
    return run.finish(
        AuditOutcome.FAILURE,
        "restore of backup "
            + run.backupId
            + " failed ("
            + why
            + "); gateway "
            + targetId
            + " was rolled back to the configuration it ran before");
  }

  private static RestoreReport partial(Run run, String targetId, String why) {
    return run.finish(
        AuditOutcome.PARTIAL,
        "restore of backup "
            + run.backupId
            + " failed ("
            + why
            + ") and the rollback failed too: gateway "
            + targetId
            + " runs neither the backup nor its previous configuration; the safety snapshot of"
            + " command "
            + run.request.commandId()
            + " is kept, check the gateway and restore again");
  }

  private static String auditedRender(String rendered) {
    String[] lines = rendered.split("\n");
    if (lines.length <= DIFF_LINES_AUDITED) {
      return String.join("\n", lines);
    }
    return String.join("\n", java.util.Arrays.copyOf(lines, DIFF_LINES_AUDITED))
        + "\n… and "
        + (lines.length - DIFF_LINES_AUDITED)
        + " more line(s)";
  }

  private static String describe(RuntimeException e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  /** One restore in progress: collects and audits its steps. */
  private final class Run {
    private final RestoreRequested request;
    private final List<RestoreReport.Step> steps = new ArrayList<>();
    private String backupId;
    private ConfigDiff diff;
    private LogCoverage.Verdict coverage;
    private RestoreReport.Replayed replayed;

    Run(RestoreRequested request) {
      this.request = request;
      this.backupId = request.backupId();
    }

    void step(RestoreStep step, AuditOutcome outcome, String message) {
      steps.add(new RestoreReport.Step(step, outcome, message));
      Map<String, String> detail = detail();
      detail.put("step", step.label());
      detail.put("outcome", outcome.name());
      detail.put("message", message);
      audit.record(
          STEP_ACTION,
          request.effectiveTargetGatewayId() + "/" + step.label(),
          outcome,
          request.envelope(),
          request.effectiveTargetGatewayId(),
          detail);
      if (outcome == AuditOutcome.SUCCESS) {
        log.info("Restore {} {}: {}", request.commandId(), step.label(), message);
      } else {
        log.warn("Restore {} {} {}: {}", request.commandId(), step.label(), outcome, message);
      }
    }

    RestoreReport fail(RestoreStep step, String message) {
      step(step, AuditOutcome.FAILURE, message);
      return finish(
          AuditOutcome.FAILURE,
          "restore refused at " + step.label() + ", nothing was changed: " + message);
    }

    RestoreReport finish(AuditOutcome outcome, String message) {
      Map<String, String> detail = detail();
      detail.put("outcome", outcome.name());
      detail.put("message", message);
      detail.put("steps", String.join(",", report(outcome, message).stepLabels()));
      if (diff != null) {
        detail.put("changes", diff.summary());
      }
      if (replayed != null) {
        detail.put(REPLAY_BASE_DETAIL, replayed.baseKind() + " " + replayed.baseId());
        detail.put("replayBaseWatermark", Long.toString(replayed.baseWatermark()));
        detail.put("changesReplayed", Long.toString(replayed.changesReplayed()));
        if (!replayed.skippedCheckpoints().isEmpty()) {
          detail.put("skippedCheckpoints", String.join("; ", replayed.skippedCheckpoints()));
        }
      }
      if (coverage != null) {
        detail.put(LOG_COMPLETE_DETAIL, Boolean.toString(coverage.complete()));
        if (coverage.knownCompleteUntil() != null) {
          detail.put(LOG_KNOWN_COMPLETE_UNTIL_DETAIL, coverage.knownCompleteUntil().toString());
        }
      }
      audit.record(
          COMPLETED_ACTION,
          request.effectiveTargetGatewayId(),
          outcome,
          request.envelope(),
          request.effectiveTargetGatewayId(),
          detail);
      return report(outcome, message);
    }

    private RestoreReport report(AuditOutcome outcome, String message) {
      return new RestoreReport(
          request.commandId(),
          backupId,
          request.effectiveTargetGatewayId(),
          outcome,
          steps,
          diff,
          message,
          coverage,
          replayed);
    }

    /**
     * SUCCESS, or PARTIAL when the configuration applied (or planned) is the newest known but the
     * log is not known complete up to the time target: partial success is never reported as
     * success.
     */
    AuditOutcome outcomeForCoverage() {
      return coverage == null || coverage.complete() ? AuditOutcome.SUCCESS : AuditOutcome.PARTIAL;
    }

    /** What the report adds when the log is not known complete up to the target. */
    String coverageNote() {
      return coverage == null || coverage.complete() ? "" : "; PARTIAL: " + coverage.message();
    }

    private Map<String, String> detail() {
      Map<String, String> detail = new LinkedHashMap<>();
      detail.put("commandId", request.commandId());
      detail.put("gatewayId", request.gatewayId());
      detail.put("targetGatewayId", request.effectiveTargetGatewayId());
      if (backupId != null) {
        detail.put("backupId", backupId);
      }
      detail.put("dryRun", Boolean.toString(request.dryRun()));
      detail.put("requestedBy", request.requestedBy());
      return detail;
    }
  }
}

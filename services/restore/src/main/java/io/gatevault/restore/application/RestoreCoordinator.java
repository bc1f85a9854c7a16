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
import io.gatevault.stream.AuditTrail;
import io.gatevault.stream.ProcessedEvents;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  /** Lines of the rendered diff an audit record carries; the rest is summarised. */
  static final int DIFF_LINES_AUDITED = 40;

  private static final Logger log = LoggerFactory.getLogger(RestoreCoordinator.class);

  private final BackupSource backups;
  private final GatewayDirectory gateways;
  private final AuditTrail audit;
  private final ProcessedEvents processed;
  private final SafetySnapshots safetySnapshots;

  public RestoreCoordinator(
      BackupSource backups,
      GatewayDirectory gateways,
      AuditTrail audit,
      ProcessedEvents processed,
      SafetySnapshots safetySnapshots) {
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

  /** Runs one restore to its end and reports it (also on the audit trail). */
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
    String backupId = request.backupId();
    if (backupId == null) {
      try {
        backupId = backups.newestBackupOf(request.gatewayId()).orElse(null);
      } catch (RuntimeException e) {
        return run.fail(RestoreStep.LOCATE, "could not list backups: " + describe(e));
      }
      if (backupId == null) {
        return run.fail(
            RestoreStep.LOCATE,
            "gateway " + request.gatewayId() + " has no verified backup to restore");
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
      backup = ConfigSnapshot.fromDocument(verified.document());
      run.step(
          RestoreStep.INTEGRITY_CHECK,
          AuditOutcome.SUCCESS,
          verified.checks() + "; snapshot document of gateway " + backup.gatewayId() + " parsed");
    } catch (BackupUnusableException e) {
      return run.fail(RestoreStep.INTEGRITY_CHECK, "refused: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      return run.fail(
          RestoreStep.INTEGRITY_CHECK,
          "refused: backup "
              + backupId
              + " decrypted but is not a snapshot document ("
              + e.getMessage()
              + "); restore another backup");
    } catch (RuntimeException e) {
      return run.fail(RestoreStep.INTEGRITY_CHECK, "could not read the backup: " + describe(e));
    }
    if (!backup.gatewayType().equals(target.gateway().type())) {
      return run.fail(
          RestoreStep.INTEGRITY_CHECK,
          "refused: backup "
              + backupId
              + " is a "
              + backup.gatewayType()
              + " configuration, gateway "
              + targetId
              + " is "
              + target.gateway().type()
              + "; restore it to a gateway of the same type");
    }

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

    // 4. diff
    ConfigDiff diff = ConfigDiff.between(before, backup);
    run.diff = diff;
    run.step(RestoreStep.DIFF, AuditOutcome.SUCCESS, auditedRender(diff));
    if (request.dryRun()) {
      return run.finish(
          AuditOutcome.SUCCESS,
          "dry run: " + diff.summary() + "; nothing was applied to gateway " + targetId);
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
        run.step(RestoreStep.APPLY, AuditOutcome.SUCCESS, "applied backup " + backupId);
      } catch (GatewayAccessException e) {
        run.step(RestoreStep.APPLY, AuditOutcome.FAILURE, e.getMessage());
        return rollBack(run, target, before, "the apply failed");
      }
    }

    // 6. probe
    ProbeResult probe = target.probe();
    // With supplied secrets the gateway runs those values, which may be new ones (rotated).
    String expected =
        redacted ? target.configHashOf(backup.nativeConfigTree()).hex() : backup.configHash().hex();
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
        AuditOutcome.SUCCESS,
        "restored backup " + backupId + " to gateway " + targetId + ": " + diff.summary());
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

  private static String auditedRender(ConfigDiff diff) {
    String[] lines = diff.render().split("\n");
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
          message);
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

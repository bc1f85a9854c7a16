package io.gatevault.allinone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatevault.allinone.config.GatevaultConfig;
import io.gatevault.allinone.restore.OfflineRestore;
import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.pitr.RestoreSelection;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.restore.application.RestoreCoordinator;
import io.gatevault.restore.application.RestoreReport;
import io.gatevault.restore.application.SecretsFile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gatevault restore <gateway> --backup <id> | --at <time> | --seq <n>}: restore a backup or
 * the configuration at a point in time, reporting every step.
 */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description = {
      "Restore a backup onto a gateway (or --to another one), reporting each step:",
      "integrity check (a damaged backup is refused), safety snapshot of the target, diff,",
      "apply, check; if applying fails the safety snapshot is put back.",
      "With --at TIME or --seq N it restores the configuration of that moment: the newest",
      "verified snapshot at or before it plus the change log replayed after its watermark",
      "(sealed change segments from storage, then the raw changes topic).",
      "With --only-type/--only-tag/--only-name it restores only the entities they select",
      "(through the control plane or with --from); the rest of the gateway stays as it runs.",
      "With --dry-run it stops after the plan and the diff and changes nothing.",
      "A time later than what the change log is known complete for (capture's last successful",
      "poll, or what storage proves offline) still restores the newest known state, but the",
      "outcome is PARTIAL, naming until when the log is known complete, and the exit code is 5.",
      "With --from TARGET it runs in this process from that one storage target, without Kafka,",
      "registry or control plane (disaster recovery); its audit records go to",
      "<data-dir>/" + OfflineRestore.AUDIT_FILE + "."
    })
final class RestoreCommand implements Callable<Integer> {

  @Mixin ControlPlaneOptions target = new ControlPlaneOptions();

  @Parameters(index = "0", paramLabel = "GATEWAY", description = "The gateway the backup is of.")
  String gateway;

  @Option(
      names = "--backup",
      description = "The backup's id or name (or give a point in time with --at or --seq).")
  String backup;

  @Option(
      names = "--at",
      paramLabel = "TIME",
      description = {
        "Restore the configuration the gateway had at this ISO-8601 instant",
        "(e.g. 2026-11-26T13:05:00Z): the newest verified snapshot at or before it plus the",
        "change log after its watermark, replayed up to the last change that happened by then."
      })
  String at;

  @Option(
      names = "--seq",
      paramLabel = "N",
      description = "Restore the configuration right after change-log sequence N.")
  Long seq;

  @Option(
      names = "--only-type",
      paramLabel = "TYPE",
      split = ",",
      description = "Restore only entities of these types (e.g. route); the rest stays as is.")
  List<String> onlyTypes = new ArrayList<>();

  @Option(
      names = "--only-tag",
      paramLabel = "TAG",
      split = ",",
      description = "Restore only entities with one of these tags.")
  List<String> onlyTags = new ArrayList<>();

  @Option(
      names = "--only-name",
      paramLabel = "GLOB",
      split = ",",
      description = "Restore only entities whose name or id matches one of these globs.")
  List<String> onlyNames = new ArrayList<>();

  @Option(
      names = "--to",
      paramLabel = "GATEWAY",
      description = "Restore onto this gateway instead.")
  String to;

  @Option(names = "--dry-run", description = "Show the diff; change nothing.")
  boolean dryRun;

  @Option(
      names = "--from",
      paramLabel = "TARGET",
      description =
          "Restore offline from this storage target alone (its id in gatevault.yml): no Kafka,"
              + " registry or control plane needed.")
  String from;

  @Option(
      names = "--secrets-file",
      paramLabel = "FILE",
      description = {
        "Values of the secrets a backup taken with 'secrets: redact' left out: lines",
        "'<entity>#<path>=<value>' as the restore names them, or a JSON object. Needs --from:",
        "the values are used in this process only, never sent to the control plane or Kafka."
      })
  Path secretsFile;

  @Option(
      names = "--wait",
      defaultValue = "120",
      description = "Seconds to follow the restore (default: ${DEFAULT-VALUE}).")
  long waitSeconds;

  @Option(
      names = "--requested-by",
      description = "Who asks (default: $USER).",
      defaultValue = "${env:USER:-operator}")
  String requestedBy;

  /** The --at instant, parsed. */
  private Instant atTime;

  /** The --only-* options. */
  private RestoreSelection selection = RestoreSelection.ALL;

  private static Instant parseInstant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException again) {
        return null;
      }
    }
  }

  /** What is restored, for progress lines: the backup or the point in time. */
  private String restoring() {
    String only = selection.selectsAll() ? "" : " (only " + selection.describe() + ")";
    if (backup != null) {
      return backup + only;
    }
    return (atTime != null
            ? "the configuration of " + gateway + " as of " + atTime
            : "the configuration of " + gateway + " at sequence " + seq)
        + only;
  }

  @Override
  public Integer call() throws InterruptedException {
    int given = (backup == null ? 0 : 1) + (at == null ? 0 : 1) + (seq == null ? 0 : 1);
    if (given != 1) {
      System.err.println(
          "give exactly one of --backup <id>, --at <ISO-8601 time> or --seq <n> (got "
              + given
              + ")");
      return ExitCodes.USAGE;
    }
    if (at != null) {
      atTime = parseInstant(at);
      if (atTime == null) {
        System.err.println(
            "--at "
                + at
                + " is not an ISO-8601 instant; write it like 2026-11-26T13:05:00Z (UTC) or"
                + " 2026-11-26T14:05:00+01:00");
        return ExitCodes.USAGE;
      }
    }
    if (seq != null && seq < 0) {
      System.err.println("--seq is a change-log sequence, >= 0; got " + seq);
      return ExitCodes.USAGE;
    }
    selection =
        new RestoreSelection(Set.copyOf(onlyTypes), Set.copyOf(onlyTags), List.copyOf(onlyNames));
    if (secretsFile != null && from == null) {
      System.err.println(
          "--secrets-file needs --from <target>: a restore with supplied secret values runs in"
              + " this process from one storage target, so the values never travel over the"
              + " control plane or Kafka");
      return ExitCodes.USAGE;
    }
    if (from != null) {
      return restoreOffline();
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("backupId", backup);
    if (atTime != null) {
      body.put("atTime", atTime.toString());
    }
    if (seq != null) {
      body.put("atSequence", seq);
    }
    body.put("targetGatewayId", to);
    body.put("dryRun", dryRun);
    body.put("requestedBy", requestedBy);
    if (!selection.selectsAll()) {
      body.put("onlyTypes", List.copyOf(onlyTypes));
      body.put("onlyTags", List.copyOf(onlyTags));
      body.put("onlyNames", List.copyOf(onlyNames));
    }
    ControlPlaneClient client = target.client();
    ControlPlaneClient.Reply reply =
        client.post("/api/v1/gateways/" + gateway + "/restores", body, null);
    if (!reply.ok()) {
      System.err.println("restore refused (" + reply.status() + "): " + reply.body());
      return ExitCodes.FAILED;
    }
    String commandId = reply.body().path("commandId").asText();
    if (!target.json) {
      System.out.println(
          (dryRun ? "dry run: " : "")
              + "restoring "
              + restoring()
              + " onto "
              + (to == null ? gateway : to)
              + " (command "
              + commandId
              + ")");
    }
    JsonNode last =
        new CommandProgress(client)
            .follow(
                commandId,
                "restore.completed",
                Duration.ofSeconds(waitSeconds),
                r -> {
                  if (target.json) {
                    System.out.println(r);
                  } else {
                    JsonNode d = r.path("detail");
                    System.out.printf(
                        "  %-9s %-20s %s%n",
                        d.path("outcome").asText(r.path("outcome").asText()),
                        d.path("step").asText(r.path("action").asText()),
                        d.path("message").asText(d.path("reason").asText("")));
                  }
                });
    if (last == null) {
      System.err.println(
          "no final report within "
              + waitSeconds
              + " s; follow it with `gatevault audit` (command "
              + commandId
              + ")");
      return ExitCodes.FAILED;
    }
    String outcome = last.path("outcome").asText();
    if ("SUCCESS".equals(outcome)) {
      return ExitCodes.OK;
    }
    JsonNode detail = last.path("detail");
    boolean logIncomplete =
        "PARTIAL".equals(outcome)
            && "false".equals(detail.path(RestoreCoordinator.LOG_COMPLETE_DETAIL).asText())
            && !detail.path("steps").asText().contains(":FAILURE");
    return logIncomplete ? ExitCodes.LOG_INCOMPLETE : ExitCodes.FAILED;
  }

  private Integer restoreOffline() {
    GatevaultConfig config = target.config.load();
    BackupStore store;
    try {
      store = StorageAccess.named(config, from);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return ExitCodes.USAGE;
    }
    String onto = to == null ? gateway : to;
    if (config.gateways().stream().noneMatch(g -> g.id().equals(onto))) {
      System.err.println(
          "gateway '"
              + onto
              + "' is not in "
              + target.config.path()
              + " (gateways: "
              + config.gateways().stream().map(GatevaultConfig.GatewaySettings::id).toList()
              + "); add it there, with its admin-url, to restore onto it");
      return ExitCodes.USAGE;
    }
    if (!target.json) {
      System.out.println(
          (dryRun ? "dry run: " : "")
              + "restoring "
              + restoring()
              + " onto "
              + onto
              + " from target "
              + from
              + " alone (offline: no Kafka, no control plane)");
    }
    Map<String, String> secrets = Map.of();
    if (secretsFile != null) {
      try {
        secrets = SecretsFile.read(secretsFile);
      } catch (IllegalArgumentException e) {
        System.err.println(e.getMessage());
        return ExitCodes.USAGE;
      }
    }
    RestoreReport report;
    try {
      report =
          new OfflineRestore(config, store)
              .run(
                  gateway,
                  backup,
                  atTime,
                  seq,
                  to,
                  dryRun,
                  requestedBy,
                  secrets,
                  selection,
                  r -> {
                    if (!target.json && r.action().equals("restore.step")) {
                      System.out.printf(
                          "  %-9s %-20s %s%n",
                          r.outcome().name(),
                          r.detail().getOrDefault("step", ""),
                          r.detail().getOrDefault("message", ""));
                    }
                  });
    } catch (RuntimeException e) {
      System.err.println(
          "offline restore could not start, nothing was changed: "
              + (e.getMessage() == null ? e.toString() : e.getMessage()));
      return ExitCodes.FAILED;
    }
    if (target.json) {
      ObjectMapper mapper = new ObjectMapper();
      ObjectNode root = mapper.createObjectNode();
      root.put("commandId", report.commandId());
      root.put("backupId", report.backupId());
      root.put("targetGatewayId", report.targetGatewayId());
      root.put("from", from);
      root.put("dryRun", dryRun);
      if (atTime != null) {
        root.put("atTime", atTime.toString());
      }
      if (seq != null) {
        root.put("atSequence", seq);
      }
      if (!selection.selectsAll()) {
        root.put("selection", selection.describe());
      }
      root.put("outcome", report.outcome().name());
      root.put("message", report.message());
      ArrayNode steps = root.putArray("steps");
      for (RestoreReport.Step step : report.steps()) {
        steps
            .addObject()
            .put("step", step.step().label())
            .put("outcome", step.outcome().name())
            .put("message", step.message());
      }
      if (report.diff() != null) {
        root.put("changes", report.diff().summary());
      }
      if (report.replayed() != null) {
        ObjectNode base = root.putObject("replayBase");
        base.put("kind", report.replayed().baseKind());
        base.put("id", report.replayed().baseId());
        base.put("watermark", report.replayed().baseWatermark());
        base.put("composedOnSnapshot", report.replayed().composedOn());
        root.put("changesReplayed", report.replayed().changesReplayed());
        ArrayNode skipped = root.putArray("skippedCheckpoints");
        report.replayed().skippedCheckpoints().forEach(skipped::add);
      }
      if (report.coverage() != null) {
        root.put("logComplete", report.coverage().complete());
        root.put(
            "logKnownCompleteUntil",
            report.coverage().knownCompleteUntil() == null
                ? null
                : report.coverage().knownCompleteUntil().toString());
      }
      root.put("auditLog", config.dataDir().resolve(OfflineRestore.AUDIT_FILE).toString());
      System.out.println(root.toPrettyString());
    } else {
      System.out.println(report.outcome().name() + ": " + report.message());
    }
    if (report.outcome() == AuditOutcome.SUCCESS) {
      return ExitCodes.OK;
    }
    return report.logIncomplete() ? ExitCodes.LOG_INCOMPLETE : ExitCodes.FAILED;
  }
}

package io.gatevault.allinone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gatevault restore <gateway> --backup <id>}: restore, reporting every step. */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description = {
      "Restore a backup onto a gateway (or --to another one), reporting each step:",
      "integrity check (a damaged backup is refused), safety snapshot of the target, diff,",
      "apply, check; if applying fails the safety snapshot is put back.",
      "With --dry-run it stops after the diff and changes nothing."
    })
final class RestoreCommand implements Callable<Integer> {

  @Mixin ControlPlaneOptions target = new ControlPlaneOptions();

  @Parameters(index = "0", paramLabel = "GATEWAY", description = "The gateway the backup is of.")
  String gateway;

  @Option(names = "--backup", required = true, description = "The backup's id or name.")
  String backup;

  @Option(
      names = "--to",
      paramLabel = "GATEWAY",
      description = "Restore onto this gateway instead.")
  String to;

  @Option(names = "--dry-run", description = "Show the diff; change nothing.")
  boolean dryRun;

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

  @Override
  public Integer call() throws InterruptedException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("backupId", backup);
    body.put("targetGatewayId", to);
    body.put("dryRun", dryRun);
    body.put("requestedBy", requestedBy);
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
              + backup
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
    return "SUCCESS".equals(last.path("outcome").asText()) ? ExitCodes.OK : ExitCodes.FAILED;
  }
}

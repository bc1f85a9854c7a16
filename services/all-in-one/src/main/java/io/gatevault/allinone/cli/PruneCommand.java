package io.gatevault.allinone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gatevault prune [gateway] [--dry-run]}: apply the retention policy. */
@Command(
    name = "prune",
    mixinStandardHelpOptions = true,
    description = {
      "Apply the retention policy (retention in gatevault.yml), measured from the newest verified",
      "backup; the last verified backup is never removed. --dry-run lists what would go and why.",
      "Every deletion is recorded: what, where, when, why and by whom."
    })
final class PruneCommand implements Callable<Integer> {

  @Mixin ControlPlaneOptions target = new ControlPlaneOptions();

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "GATEWAY",
      description = "Only this gateway (default: every gateway in the configuration).")
  String gateway;

  @Option(names = "--dry-run", description = "List what would be deleted and why; delete nothing.")
  boolean dryRun;

  @Option(names = "--wait", defaultValue = "60", description = "Seconds to follow each run.")
  long waitSeconds;

  @Option(
      names = "--requested-by",
      description = "Who asks (default: $USER).",
      defaultValue = "${env:USER:-operator}")
  String requestedBy;

  @Override
  public Integer call() throws InterruptedException {
    List<String> gateways =
        gateway != null
            ? List.of(gateway)
            : target.config.load().gateways().stream().map(g -> g.id()).toList();
    if (gateways.isEmpty()) {
      System.err.println("no gateways configured: name one, e.g. `gatevault prune caddy-prod`");
      return ExitCodes.USAGE;
    }
    ControlPlaneClient client = target.client();
    int exit = ExitCodes.OK;
    for (String g : gateways) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("gatewayId", g);
      body.put("dryRun", dryRun);
      body.put("requestedBy", requestedBy);
      ControlPlaneClient.Reply reply = client.post("/api/v1/prune", body, null);
      if (!reply.ok()) {
        System.err.println("prune of " + g + " refused (" + reply.status() + "): " + reply.body());
        exit = ExitCodes.FAILED;
        continue;
      }
      String commandId = reply.body().path("commandId").asText();
      if (!target.json) {
        System.out.println(
            (dryRun ? "dry run: " : "") + "pruning " + g + " (command " + commandId + ")");
      }
      JsonNode last =
          new CommandProgress(client)
              .follow(
                  commandId,
                  "prune.completed",
                  Duration.ofSeconds(waitSeconds),
                  r -> {
                    if (target.json) {
                      System.out.println(r);
                    } else {
                      JsonNode d = r.path("detail");
                      System.out.printf(
                          "  %-8s %-18s %-44s %s%n",
                          r.path("outcome").asText(),
                          r.path("action").asText(),
                          r.path("target").asText(),
                          d.path("reason").asText(d.path("message").asText("")));
                    }
                  });
      if (last == null) {
        System.err.println("no final report for " + g + " within " + waitSeconds + " s");
        exit = ExitCodes.FAILED;
      } else if (!"SUCCESS".equals(last.path("outcome").asText())) {
        exit = ExitCodes.FAILED;
      }
    }
    return exit;
  }
}

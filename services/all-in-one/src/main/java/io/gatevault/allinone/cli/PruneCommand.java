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

  /** Shows the policy's decision: every backup kept or removed, with the rule that decided. */
  private void printDecision(JsonNode record, Map<String, String> names) {
    JsonNode d = record.path("detail");
    if (d.hasNonNull("reason")) {
      System.out.println("  refused: " + d.path("reason").asText());
      return;
    }
    System.out.println(
        "  policy "
            + d.path("policy").asText()
            + ", measured from "
            + names.getOrDefault(d.path("anchor").asText(), d.path("anchor").asText()));
    d.fields()
        .forEachRemaining(
            f -> {
              String key = f.getKey();
              if (key.startsWith("remove.") || key.startsWith("keep.")) {
                String id = key.substring(key.indexOf('.') + 1);
                System.out.printf(
                    "  %-7s %-44s %s%n",
                    key.startsWith("remove.") ? (dryRun ? "WOULD GO" : "REMOVED") : "keep",
                    names.getOrDefault(id, id),
                    f.getValue().asText());
              }
            });
    System.out.println(
        "  "
            + d.path("backupsKept").asText("0")
            + " kept, "
            + d.path("backupsRemoved").asText("0")
            + (dryRun ? " would be removed (" : " removed (")
            + d.path(dryRun ? "objectsWouldBeDeleted" : "objectsDeleted").asText("0")
            + " objects), "
            + d.path("failures").asText("0")
            + " failures");
  }

  private static Map<String, String> backupNames(ControlPlaneClient client, String gateway) {
    Map<String, String> names = new LinkedHashMap<>();
    ControlPlaneClient.Reply reply =
        client.get("/api/v1/backups?gateway=" + gateway + "&limit=1000");
    for (JsonNode b : Catalog.entries(reply.body())) {
      names.put(b.path("artifactId").asText(), b.path("name").asText());
    }
    return names;
  }

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
      Map<String, String> names = backupNames(client, g);
      String finalAction = dryRun ? "prune.dry-run" : "prune.run";
      JsonNode last =
          new CommandProgress(client)
              .follow(
                  commandId,
                  finalAction,
                  Duration.ofSeconds(waitSeconds),
                  r -> {
                    if (target.json) {
                      System.out.println(r);
                    } else if (r.path("action").asText().equals(finalAction)) {
                      printDecision(r, names);
                    } else if (r.path("action").asText().equals("backup.delete")) {
                      JsonNode d = r.path("detail");
                      System.out.printf(
                          "  %-8s deleted %s (%s)%n",
                          r.path("outcome").asText(),
                          d.path("location").asText(),
                          d.path("failure").asText(d.path("reason").asText()));
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

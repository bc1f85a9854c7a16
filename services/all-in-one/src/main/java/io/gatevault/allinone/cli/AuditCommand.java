package io.gatevault.allinone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gatevault audit}: the newest entries of the audit trail. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "List the newest audit records (every user and system action).")
final class AuditCommand implements Callable<Integer> {

  @Mixin ControlPlaneOptions target = new ControlPlaneOptions();

  @Option(names = "--limit", defaultValue = "50", description = "At most N records.")
  int limit;

  @Override
  public Integer call() {
    ControlPlaneClient.Reply reply = target.client().get("/api/v1/audit?limit=" + limit);
    if (target.json || !reply.ok()) {
      System.out.println(ControlPlaneClient.pretty(reply.body()));
      return reply.ok() ? ExitCodes.OK : ExitCodes.FAILED;
    }
    JsonNode records = reply.body().isArray() ? reply.body() : reply.body().path("records");
    if (records.isEmpty()) {
      System.out.println("no audit records yet");
    }
    for (JsonNode r : records) {
      JsonNode detail = r.path("detail");
      String why = detail.path("error").asText(detail.path("reason").asText(""));
      System.out.printf(
          "%-24s %-8s %-22s %-14s %-26s %s%n",
          r.path("at").asText(),
          r.path("outcome").asText(),
          r.path("action").asText(),
          r.path("actor").asText(),
          r.path("target").asText(),
          why);
    }
    return ExitCodes.OK;
  }
}

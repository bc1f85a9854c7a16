package io.gatevault.allinone.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gatevault backup <gateway>}: request an on-demand backup. */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = {
      "Request an on-demand backup of a gateway (typically just before a planned change).",
      "Prints the command id; the same --idempotency-key always yields the same command."
    })
final class BackupCommand implements Callable<Integer> {

  @Mixin ControlPlaneOptions target = new ControlPlaneOptions();

  @Parameters(index = "0", paramLabel = "GATEWAY", description = "The gateway's id.")
  String gateway;

  @Option(
      names = "--type",
      defaultValue = "FULL",
      description = "FULL or INCREMENTAL (default: ${DEFAULT-VALUE}).")
  String type;

  @Option(names = "--description", description = "The deployment state this backup captures.")
  String description;

  @Option(names = "--idempotency-key", description = "Retry-safe key: repeats do not duplicate.")
  String idempotencyKey;

  @Option(
      names = "--requested-by",
      description = "Who asks (default: $USER).",
      defaultValue = "${env:USER:-operator}")
  String requestedBy;

  @Override
  public Integer call() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type.toUpperCase(java.util.Locale.ROOT));
    body.put("description", description);
    body.put("requestedBy", requestedBy);
    ControlPlaneClient.Reply reply =
        target.client().post("/api/v1/gateways/" + gateway + "/backups", body, idempotencyKey);
    if (target.json) {
      System.out.println(ControlPlaneClient.pretty(reply.body()));
    } else if (reply.ok()) {
      System.out.println(
          "backup of "
              + gateway
              + " requested: command "
              + reply.body().path("commandId").asText());
    } else {
      System.err.println(
          "backup of " + gateway + " refused (" + reply.status() + "): " + reply.body());
    }
    return reply.ok() ? ExitCodes.OK : ExitCodes.FAILED;
  }
}

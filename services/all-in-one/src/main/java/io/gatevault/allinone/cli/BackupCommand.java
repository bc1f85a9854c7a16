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
      description =
          "FULL (a snapshot) or INCREMENTAL (closes the gateway's open change-log segment now;"
              + " default: ${DEFAULT-VALUE}).")
  String type;

  @Option(
      names = "--wait",
      defaultValue = "30",
      description =
          "INCREMENTAL only: seconds to wait for capture to say which segment it closed (default:"
              + " ${DEFAULT-VALUE}).")
  int waitSeconds;

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
    } else if (reply.ok() && "INCREMENTAL".equals(body.get("type"))) {
      return reportSegment(reply.body().path("commandId").asText());
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

  /**
   * An incremental backup closes the gateway's open change segment: waits for capture to say which
   * segment it closed, or that there was nothing to close.
   */
  private int reportSegment(String commandId) {
    JsonNode closed;
    try {
      closed =
          new CommandProgress(target.client())
              .follow(commandId, SEGMENT_CLOSED, Duration.ofSeconds(waitSeconds), record -> {});
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCodes.FAILED;
    }
    if (closed == null) {
      System.out.println(
          "incremental backup of "
              + gateway
              + " requested: command "
              + commandId
              + "; capture has not answered within "
              + waitSeconds
              + " s (`gatevault audit` shows it later)");
      return ExitCodes.OK;
    }
    JsonNode detail = closed.path("detail");
    if (!"SUCCESS".equals(closed.path("outcome").asText())) {
      System.err.println(
          "incremental backup of "
              + gateway
              + " failed: "
              + detail.path("reason").asText(closed.toString()));
      return ExitCodes.FAILED;
    }
    if ("empty".equals(detail.path("segment").asText())) {
      System.out.println(
          "incremental backup of "
              + gateway
              + ": the open change segment is empty (no change since the last segment, last"
              + " sequence "
              + detail.path("lastSequence").asText()
              + "); nothing to seal");
    } else {
      System.out.println(
          "incremental backup of "
              + gateway
              + ": closed change segment "
              + detail.path("segment").asText()
              + " ("
              + detail.path("changes").asText()
              + " changes, sequences "
              + detail.path("firstSequence").asText()
              + ".."
              + detail.path("lastSequence").asText()
              + "); it is sealed, replicated and verified like a snapshot (`gatevault list`)");
    }
    return ExitCodes.OK;
  }

  /** Capture's audit action for a closed (or empty) change segment. */
  static final String SEGMENT_CLOSED = "changes.segment.close";
}

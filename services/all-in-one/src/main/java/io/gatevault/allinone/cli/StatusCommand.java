package io.gatevault.allinone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code gatevault status}: is the control plane up, and what does it report. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show whether the control plane is up and healthy, and per gateway capture's last",
      "successful poll (its heartbeat): a restore --at later than it is reported PARTIAL."
    })
final class StatusCommand implements Callable<Integer> {

  @Mixin ControlPlaneOptions target = new ControlPlaneOptions();

  @Override
  public Integer call() {
    ControlPlaneClient.Reply reply = target.client().get("/api/v1/health");
    ControlPlaneClient.Reply heartbeats =
        reply.ok() ? target.client().get("/api/v1/capture/heartbeats") : null;
    if (target.json) {
      JsonNode shown = reply.body();
      if (heartbeats != null && heartbeats.ok() && shown instanceof ObjectNode health) {
        shown = health.deepCopy().set("captureHeartbeats", heartbeats.body());
      }
      System.out.println(ControlPlaneClient.pretty(shown));
    } else {
      System.out.println(
          "control plane " + target.url() + ": " + reply.body().path("status").asText("unknown"));
      reply
          .body()
          .fields()
          .forEachRemaining(
              f -> {
                if (!f.getKey().equals("status")) {
                  System.out.println("  " + f.getKey() + ": " + f.getValue());
                }
              });
      if (heartbeats != null && heartbeats.ok()) {
        System.out.println("capture heartbeats (last successful poll per gateway):");
        if (heartbeats.body().isEmpty()) {
          System.out.println("  none yet");
        }
        for (JsonNode beat : heartbeats.body()) {
          System.out.printf(
              "  %-24s sequence %-8d polled %s (%.0f s ago)%n",
              beat.path("gatewayId").asText(),
              beat.path("lastSequence").asLong(),
              beat.path("polledAt").asText(),
              beat.path("ageSeconds").asDouble());
        }
      } else if (heartbeats != null) {
        System.out.println(
            "capture heartbeats: not readable ("
                + heartbeats.status()
                + " "
                + heartbeats.body().path("detail").asText(heartbeats.body().toString())
                + ")");
      }
    }
    return reply.ok() ? ExitCodes.OK : ExitCodes.FAILED;
  }
}

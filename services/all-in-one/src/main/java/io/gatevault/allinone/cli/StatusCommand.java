package io.gatevault.allinone.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code gatevault status}: is the control plane up, and what does it report. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show whether the control plane is up and healthy.")
final class StatusCommand implements Callable<Integer> {

  @Mixin ControlPlaneOptions target = new ControlPlaneOptions();

  @Override
  public Integer call() {
    ControlPlaneClient.Reply reply = target.client().get("/api/v1/health");
    if (target.json) {
      System.out.println(ControlPlaneClient.pretty(reply.body()));
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
    }
    return reply.ok() ? ExitCodes.OK : ExitCodes.FAILED;
  }
}

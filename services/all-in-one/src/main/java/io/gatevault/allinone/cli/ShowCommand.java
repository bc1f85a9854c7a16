package io.gatevault.allinone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code gatevault show <backup>}: everything the catalog knows about one backup. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = "Show one backup: tags, status, every replica and its checksum.")
final class ShowCommand implements Callable<Integer> {

  @Mixin ControlPlaneOptions target = new ControlPlaneOptions();

  @Parameters(index = "0", paramLabel = "BACKUP", description = "The backup's name or id.")
  String backup;

  @Override
  public Integer call() {
    ControlPlaneClient.Reply reply = target.client().get("/api/v1/backups/" + backup);
    if (target.json) {
      System.out.println(ControlPlaneClient.pretty(reply.body()));
      return reply.ok() ? ExitCodes.OK : ExitCodes.FAILED;
    }
    if (!reply.ok()) {
      System.err.println(
          "no backup '"
              + backup
              + "' ("
              + reply.status()
              + "): "
              + reply.body().path("detail").asText(reply.body().toString())
              + ". `gatevault list` shows the names.");
      return ExitCodes.FAILED;
    }
    JsonNode b = reply.body();
    line("name", b.path("name").asText());
    line("id", b.path("artifactId").asText());
    line("gateway", b.path("gatewayId").asText());
    if (Catalog.isChangeSegment(b)) {
      JsonNode tags = b.path("tags");
      line(
          "sequences",
          tags.path("FirstSequence").asText("?")
              + " .. "
              + tags.path("LastSequence").asText("?")
              + " ("
              + tags.path("Changes").asText("?")
              + " changes)");
      line(
          "occurred",
          tags.path("FirstOccurredAt").asText("?")
              + " .. "
              + tags.path("LastOccurredAt").asText("?"));
    } else {
      line("version", "v" + b.path("version").asInt());
    }
    line("type", Catalog.text(b, "backupType", "type"));
    line("created", Catalog.text(b, "createdAt", "created"));
    line("size", Catalog.size(Catalog.number(b, "ciphertextSize", "sizeBytes", "size")));
    line("status", b.path("status").asText("PENDING"));
    line("retention", b.path("retentionClass").asText(""));
    line("cipher", b.path("cipher").asText(""));
    line("sha-256", b.path("sha256").asText(""));
    if (b.hasNonNull("description")) {
      line("description", b.path("description").asText());
    }
    b.path("tags").fields().forEachRemaining(t -> line("tag " + t.getKey(), t.getValue().asText()));
    for (JsonNode r : b.path("replicas")) {
      line(
          "replica " + r.path("targetId").asText(),
          r.path("medium").asText()
              + ", "
              + r.path("region").asText()
              + (r.path("offSite").asBoolean() ? ", off-site" : "")
              + (r.path("offline").asBoolean() ? ", offline" : "")
              + "\n"
              + " ".repeat(22)
              + r.path("location").asText()
              + "\n"
              + " ".repeat(22)
              + "sha-256 "
              + r.path("sha256").asText());
    }
    for (JsonNode c : b.path("checks")) {
      line(
          "check " + c.path("checkName").asText(),
          (c.path("passed").asBoolean() ? "passed" : "FAILED")
              + (c.hasNonNull("targetId") ? " on " + c.path("targetId").asText() : "")
              + (c.hasNonNull("detail") ? ": " + c.path("detail").asText() : ""));
    }
    return ExitCodes.OK;
  }

  private static void line(String key, String value) {
    System.out.printf("%-21s %s%n", key, value);
  }
}

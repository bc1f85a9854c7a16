package io.gatevault.allinone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gatevault list [gateway]}: the backup catalog, newest first. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List backups in the catalog, newest first (all gateways, or one).")
final class ListCommand implements Callable<Integer> {

  @Mixin ControlPlaneOptions target = new ControlPlaneOptions();

  @Parameters(index = "0", arity = "0..1", paramLabel = "GATEWAY", description = "Only this one.")
  String gateway;

  @Option(names = "--limit", defaultValue = "100", description = "At most N backups.")
  int limit;

  @Option(
      names = "--changes",
      description =
          "Also list the sealed change-log segments (incremental backups), named `changes"
              + " <firstSeq>-<lastSeq> (<count>)`.")
  boolean changes;

  @Option(
      names = "--checkpoints",
      description =
          "Also list the checkpoints (the configuration at one change-log sequence, written every"
              + " changes.checkpoint-every changes so point-in-time replay starts near its target),"
              + " named `checkpoint seq <n> (<entities> entities)`. They are replay aids, not"
              + " backups to restore with --backup.")
  boolean checkpoints;

  @Override
  public Integer call() {
    String query =
        "?limit="
            + limit
            + (gateway == null ? "" : "&gateway=" + gateway)
            + (changes ? "&changes=true" : "")
            + (checkpoints ? "&checkpoints=true" : "");
    ControlPlaneClient.Reply reply = target.client().get("/api/v1/backups" + query);
    if (target.json || !reply.ok()) {
      System.out.println(ControlPlaneClient.pretty(reply.body()));
      return reply.ok() ? ExitCodes.OK : ExitCodes.FAILED;
    }
    JsonNode backups = Catalog.entries(reply.body());
    if (backups.isEmpty()) {
      System.out.println(gateway == null ? "no backups yet" : "no backups of " + gateway + " yet");
      return ExitCodes.OK;
    }
    System.out.printf(
        "%-44s %-4s %-12s %-20s %10s %-8s %-9s %s%n",
        "NAME", "VER", "TYPE", "CREATED", "SIZE", "STATUS", "COPIES", "RETENTION");
    for (JsonNode b : backups) {
      System.out.printf(
          "%-44s %-4s %-12s %-20s %10s %-8s %-9s %s%n",
          Catalog.displayName(b),
          Catalog.isChangeSegment(b) || Catalog.isCheckpoint(b)
              ? "-"
              : "v" + b.path("version").asInt(),
          Catalog.text(b, "backupType", "type"),
          Catalog.shortTime(Catalog.text(b, "createdAt", "created")),
          Catalog.size(Catalog.number(b, "ciphertextSize", "sizeBytes", "size")),
          b.path("status").asText("PENDING"),
          Catalog.copies(b),
          b.path("retentionClass").asText(""));
    }
    return ExitCodes.OK;
  }
}

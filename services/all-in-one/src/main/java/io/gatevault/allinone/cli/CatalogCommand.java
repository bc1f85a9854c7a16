package io.gatevault.allinone.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatevault.allinone.config.GatevaultConfig;
import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.storage.BackupCatalog;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.CatalogProblem;
import io.gatevault.core.storage.StoredBackup;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gatevault catalog rebuild --from <target>}: the catalog from storage alone. */
@Command(
    name = "catalog",
    mixinStandardHelpOptions = true,
    description = "Work with the backup catalog kept in storage.",
    subcommands = {CatalogCommand.Rebuild.class})
final class CatalogCommand implements Runnable {

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  @Command(
      name = "rebuild",
      mixinStandardHelpOptions = true,
      description = {
        "Rebuild the catalog from one storage target's manifests and verification records,",
        "without Kafka or any running service (disaster recovery). Lists every backup found,",
        "its verification status and any object that is missing or unreadable."
      })
  static final class Rebuild implements Callable<Integer> {

    @Mixin ConfigOption config = new ConfigOption();

    @Option(
        names = "--from",
        required = true,
        paramLabel = "TARGET",
        description = "The storage target's id.")
    String target;

    @Option(names = "--gateway", description = "Only this gateway's backups.")
    String gateway;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(
        names = "--changes",
        description = "Also list the sealed change-log segments (incremental backups).")
    boolean changes;

    @Option(
        names = "--checkpoints",
        description =
            "Also list the checkpoints (replay aids for point-in-time restore, not backups).")
    boolean checkpoints;

    @Override
    public Integer call() throws Exception {
      GatevaultConfig loaded = config.load();
      BackupStore store = StorageAccess.named(loaded, target);
      BackupCatalog catalog =
          gateway == null
              ? BackupCatalog.read(List.of(store))
              : BackupCatalog.read(List.of(store), gateway);
      List<StoredBackup> backups =
          catalog.backups().stream()
              .filter(b -> changes || b.manifest().kind() != ArtifactKind.CHANGE_SEGMENT)
              .filter(b -> checkpoints || b.manifest().kind() != ArtifactKind.CHECKPOINT)
              .toList();
      if (json) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("target", target);
        ArrayNode list = root.putArray("backups");
        for (StoredBackup b : backups) {
          var m = b.manifest();
          ObjectNode node = list.addObject();
          node.put("artifactId", m.artifactId());
          node.put("name", m.name());
          node.put("gatewayId", m.gatewayId());
          node.put("environment", m.environment());
          node.put("version", m.version());
          node.put("created", m.createdAt().toString());
          node.put("size", m.ciphertextSize());
          node.put("sha256", m.sha256());
          node.put("retentionClass", m.retentionClass());
          node.put("verified", b.verified());
          node.put(
              "status", b.latestVerification().map(v -> v.status().name()).orElse("UNVERIFIED"));
          node.put(
              "complete", b.replicaOn(target).map(StoredBackup.Replica::complete).orElse(false));
          node.set("tags", mapper.valueToTree(m.tags()));
        }
        ArrayNode problems = root.putArray("problems");
        for (CatalogProblem p : catalog.problems()) {
          problems.addObject().put("key", p.key()).put("problem", p.description());
        }
        System.out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
      } else {
        System.out.printf(
            "catalog of target %s: %d backups, %d problems%n",
            target, backups.size(), catalog.problems().size());
        System.out.printf(
            "%-44s %-4s %-20s %10s %-10s %s%n", "NAME", "VER", "CREATED", "SIZE", "STATUS", "COPY");
        for (StoredBackup b : backups) {
          var m = b.manifest();
          System.out.printf(
              "%-44s %-4s %-20s %10s %-10s %s%n",
              m.name(),
              "v" + m.version(),
              Catalog.shortTime(m.createdAt().toString()),
              Catalog.size(m.ciphertextSize()),
              b.latestVerification().map(v -> v.status().name()).orElse("UNVERIFIED"),
              b.replicaOn(target).map(r -> r.complete() ? "complete" : "INCOMPLETE").orElse("-"));
        }
        for (CatalogProblem p : catalog.problems()) {
          System.out.println("problem: " + p.key() + ": " + p.description());
        }
      }
      return catalog.problems().isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
    }
  }
}

package io.gatevault.allinone.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatevault.allinone.config.GatevaultConfig;
import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.storage.BackupCatalog;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.StoredBackup;
import io.gatevault.core.storage.TargetDescription;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gatevault compliance}: per backup, its copies, media, locations and the rules they meet.
 */
@Command(
    name = "compliance",
    mixinStandardHelpOptions = true,
    description = {
      "Report, per backup, from storage alone: its complete copies, their media and locations",
      "(target, region, object), whether it meets the 3-2-1 rule (3 copies, 2 media, 1 off-site)",
      "and the data-residency rule of its environment, and its verification status.",
      "Exits 1 when any backup breaks a rule."
    })
final class ComplianceCommand implements Callable<Integer> {

  static final int COPIES = 3;
  static final int MEDIA = 2;
  static final int OFF_SITE = 1;

  @Mixin ConfigOption config = new ConfigOption();

  @Option(names = "--gateway", description = "Only this gateway's backups.")
  String gateway;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Option(
      names = "--changes",
      description = "Also report the sealed change-log segments (incremental backups).")
  boolean changes;

  @Override
  public Integer call() throws Exception {
    GatevaultConfig loaded = config.load();
    List<BackupStore> stores = StorageAccess.all(loaded);
    BackupCatalog catalog =
        gateway == null ? BackupCatalog.read(stores) : BackupCatalog.read(stores, gateway);
    Map<String, TargetDescription> targets =
        stores.stream()
            .map(BackupStore::describe)
            .collect(Collectors.toMap(TargetDescription::targetId, t -> t));
    ObjectMapper mapper = new ObjectMapper();
    ArrayNode report = mapper.createArrayNode();
    int violations = 0;
    for (StoredBackup backup : catalog.backups()) {
      if (!changes && backup.manifest().kind() == ArtifactKind.CHANGE_SEGMENT) {
        continue;
      }
      var m = backup.manifest();
      List<String> allowed = loaded.residency().get(m.environment());
      ObjectNode entry = report.addObject();
      entry.put("name", m.name());
      entry.put("artifactId", m.artifactId());
      entry.put("gatewayId", m.gatewayId());
      entry.put("environment", m.environment());
      entry.put(
          "status", backup.latestVerification().map(v -> v.status().name()).orElse("UNVERIFIED"));
      ArrayNode copies = entry.putArray("copies");
      Set<String> media = new HashSet<>();
      int offSite = 0;
      int complete = 0;
      List<String> outside = new ArrayList<>();
      for (StoredBackup.Replica replica : backup.replicas()) {
        TargetDescription target = targets.get(replica.targetId());
        if (target == null || !replica.complete()) {
          continue;
        }
        complete++;
        media.add(target.medium().name());
        offSite += target.offSite() ? 1 : 0;
        if (allowed != null && !allowed.contains(target.region())) {
          outside.add(target.targetId() + " (" + target.region() + ")");
        }
        BackupStore store =
            stores.stream()
                .filter(s -> s.describe().targetId().equals(target.targetId()))
                .findFirst()
                .orElseThrow();
        copies
            .addObject()
            .put("targetId", target.targetId())
            .put("medium", target.medium().name())
            .put("region", target.region())
            .put("offSite", target.offSite())
            .put("offline", target.offline())
            .put("location", store.location(m.artifactKey()));
      }
      boolean meets321 = complete >= COPIES && media.size() >= MEDIA && offSite >= OFF_SITE;
      boolean resident = outside.isEmpty();
      entry.put("copiesCount", complete);
      entry.put("mediaCount", media.size());
      entry.put("offSiteCount", offSite);
      entry.put("meets321", meets321);
      entry.put("residencyRule", allowed == null ? "none" : String.join(",", allowed));
      entry.put("resident", resident);
      if (!resident) {
        entry.put("outsideResidency", String.join(", ", outside));
      }
      if (!meets321 || !resident) {
        violations++;
      }
    }
    if (json) {
      ObjectNode root = mapper.createObjectNode();
      root.put("backups", report.size());
      root.put("violations", violations);
      root.set("report", report);
      System.out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    } else {
      System.out.printf(
          "%-44s %-8s %-10s %-6s %-5s %-8s %-9s %s%n",
          "NAME", "ENV", "STATUS", "COPIES", "MEDIA", "OFF-SITE", "3-2-1", "RESIDENCY");
      for (var e : report) {
        System.out.printf(
            "%-44s %-8s %-10s %-6d %-5d %-8d %-9s %s%n",
            e.path("name").asText(),
            e.path("environment").asText(),
            e.path("status").asText(),
            e.path("copiesCount").asInt(),
            e.path("mediaCount").asInt(),
            e.path("offSiteCount").asInt(),
            e.path("meets321").asBoolean() ? "yes" : "NO",
            e.path("resident").asBoolean()
                ? ("none".equals(e.path("residencyRule").asText()) ? "no rule" : "yes")
                : "NO: " + e.path("outsideResidency").asText());
        for (var c : e.path("copies")) {
          System.out.printf(
              "    %-10s %-16s %-10s %s%n",
              c.path("targetId").asText(),
              c.path("medium").asText() + (c.path("offSite").asBoolean() ? "*" : ""),
              c.path("region").asText(),
              c.path("location").asText());
        }
      }
      System.out.printf(
          "%d backups, %d breaking a rule (* = off-site)%n", report.size(), violations);
    }
    return violations == 0 ? ExitCodes.OK : ExitCodes.FAILED;
  }
}

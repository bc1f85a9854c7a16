package io.gatevault.allinone.gdpr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatevault.allinone.cli.ConfigOption;
import io.gatevault.allinone.cli.ExitCodes;
import io.gatevault.allinone.cli.StorageAccess;
import io.gatevault.allinone.config.GatevaultConfig;
import io.gatevault.core.storage.BackupStore;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gatevault gdpr record [--json]}: the record of processing from the running configuration
 * and, where storage and the keystore can be read, what the newest backup of each gateway holds.
 */
@Command(
    name = "record",
    mixinStandardHelpOptions = true,
    description = {
      "Print the record of processing (GDPR Art. 30) of this installation: purpose, data",
      "categories (recognised per gateway type, and found in each gateway's newest verified",
      "backup: kinds, counts and paths, never values), storage duration per retention class,",
      "every target's location, medium and region with the residency rules, the safeguards,",
      "and how erasure works. Reads gatevault.yml and the storage targets; needs no Kafka."
    })
public final class GdprRecordCommand implements Callable<Integer> {

  @Mixin ConfigOption config = new ConfigOption();

  @Option(names = "--json", description = "Print the record as JSON.")
  boolean json;

  @Override
  public Integer call() throws JsonProcessingException {
    GatevaultConfig loaded = config.load();
    Map<String, BackupContents.Inspection> inspections;
    try {
      List<BackupStore> stores = StorageAccess.all(loaded);
      inspections = BackupContents.inspect(loaded, stores);
    } catch (RuntimeException e) {
      inspections = Map.of();
      System.err.println(
          "storage targets not readable, the record lists declared categories only: "
              + e.getMessage());
    }
    ObjectNode record =
        new ProcessingRecord(loaded, inspections, Instant.now()).toJson(config.path().toString());
    if (json) {
      System.out.println(
          new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(record));
    } else {
      render(record, System.out);
    }
    return ExitCodes.OK;
  }

  static void render(JsonNode record, PrintStream out) {
    out.println(record.path("title").asText());
    out.println(
        "Generated "
            + record.path("generatedAt").asText()
            + " from "
            + record.path("configuration").asText());
    out.println();
    out.println("Purpose");
    out.println("  " + record.path("purpose").asText());
    out.println("  Legal basis: " + record.path("legalBasis").asText());
    out.println("  Data subjects: " + record.path("dataSubjects").asText());
    out.println();
    out.println("Categories of data, per gateway");
    for (JsonNode gateway : record.path("gateways")) {
      out.println(
          "  "
              + gateway.path("id").asText()
              + " ("
              + gateway.path("type").asText()
              + ", environment "
              + gateway.path("environment").asText()
              + ", owner "
              + gateway.path("owner").asText()
              + ")");
      StringBuilder recognised = new StringBuilder();
      gateway
          .path("categoriesRecognised")
          .forEach(c -> recognised.append(recognised.length() == 0 ? "" : ", ").append(c.asText()));
      out.println("    recognised: " + recognised);
      out.println("    secrets: " + gateway.path("secrets").asText());
      JsonNode found = gateway.path("foundInNewestBackup");
      if (!found.path("inspected").asBoolean()) {
        out.println("    found: not inspected (" + found.path("reason").asText() + ")");
        continue;
      }
      out.println(
          "    found in "
              + found.path("backup").asText()
              + " ("
              + found.path("createdAt").asText()
              + "):"
              + (found.path("categories").isEmpty() ? " nothing sensitive" : ""));
      for (JsonNode category : found.path("categories")) {
        out.println(
            "      "
                + category.path("kind").asText()
                + " ("
                + category.path("category").asText().toLowerCase().replace('_', ' ')
                + "): "
                + category.path("count").asInt()
                + " at "
                + String.join(", ", texts(category.path("paths"))));
      }
      if (!found.path("redactedSecrets").isEmpty()) {
        out.println(
            "      redacted from the backup: "
                + String.join(", ", texts(found.path("redactedSecrets"))));
      }
    }
    out.println();
    out.println("Storage duration (retention classes)");
    JsonNode duration = record.path("storageDuration");
    for (JsonNode retentionClass : duration.path("classes")) {
      out.printf(
          "  %-8s %3d backups kept, %s%n",
          retentionClass.path("class").asText(),
          retentionClass.path("backupsKept").asInt(),
          retentionClass.path("duration").asText());
    }
    out.println("  longest: " + duration.path("longest").asText());
    out.println("  measured from " + duration.path("measuredFrom").asText());
    for (JsonNode lock : duration.path("objectLock")) {
      out.println("  " + lock.asText());
    }
    out.println("  deletion: " + duration.path("deletion").asText());
    out.println();
    out.println("Locations and regions");
    for (JsonNode location : record.path("locations")) {
      out.printf(
          "  %-12s %-10s %-15s region %-14s %s%s  %s%n",
          location.path("target").asText(),
          location.path("type").asText(),
          location.path("medium").asText(),
          location.path("region").asText(),
          location.path("offSite").asBoolean() ? "off-site" : "on-site",
          location.path("offline").asBoolean() ? ", offline" : "",
          location.path("where").asText());
      out.println("               residency: " + location.path("residency").asText());
    }
    if (record.path("residency").isEmpty()) {
      out.println("  residency rules: none configured");
    } else {
      record
          .path("residency")
          .fields()
          .forEachRemaining(
              rule ->
                  out.println(
                      "  residency rule: "
                          + rule.getKey()
                          + " only in "
                          + String.join(", ", texts(rule.getValue()))));
    }
    out.println();
    out.println("Safeguards");
    for (JsonNode safeguard : record.path("safeguards")) {
      out.println("  - " + safeguard.asText());
    }
    out.println();
    out.println("Erasure");
    out.println("  " + record.path("erasure").asText());
  }

  private static List<String> texts(JsonNode array) {
    java.util.ArrayList<String> texts = new java.util.ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }
}

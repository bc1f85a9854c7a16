package io.gatevault.allinone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** Reading catalog entries from the control plane's JSON, for text output. */
final class Catalog {

  private Catalog() {}

  static JsonNode entries(JsonNode body) {
    if (body.isArray()) {
      return body;
    }
    for (String field : new String[] {"backups", "items", "entries"}) {
      if (body.path(field).isArray()) {
        return body.path(field);
      }
    }
    return body.path("backups");
  }

  static String text(JsonNode node, String... fields) {
    for (String field : fields) {
      if (node.hasNonNull(field)) {
        return node.get(field).asText();
      }
    }
    return "";
  }

  static long number(JsonNode node, String... fields) {
    for (String field : fields) {
      if (node.hasNonNull(field)) {
        return node.get(field).asLong();
      }
    }
    return -1;
  }

  static String size(long bytes) {
    if (bytes < 0) {
      return "-";
    }
    if (bytes < 1024) {
      return bytes + " B";
    }
    double value = bytes;
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  static String shortTime(String iso) {
    return iso.length() >= 16 ? iso.substring(0, 16).replace('T', ' ') : iso;
  }

  static String copies(JsonNode backup) {
    JsonNode replicas = backup.path("replicas");
    long offSite = 0;
    for (JsonNode r : replicas) {
      if (r.path("offSite").asBoolean()) {
        offSite++;
      }
    }
    return replicas.size() + (offSite > 0 ? " (" + offSite + " off)" : "");
  }

  /** Whether a catalog entry is a sealed change-log segment (type CHANGES). */
  /** A checkpoint: the configuration at one sequence, a replay aid (not restored on its own). */
  static boolean isCheckpoint(JsonNode backup) {
    return "CHECKPOINT".equals(text(backup, "backupType", "type"));
  }

  static boolean isChangeSegment(JsonNode backup) {
    return "CHANGES".equals(text(backup, "backupType", "type"));
  }

  /**
   * The name to list: a snapshot's name, or for a change segment {@code changes <first>-<last>}
   * with its number of changes, so the sequence range is visible at a glance.
   */
  static String displayName(JsonNode backup) {
    String name = backup.path("name").asText();
    if (isCheckpoint(backup)) {
      String entities = backup.path("tags").path("Entities").asText("");
      return "checkpoint seq "
          + backup.path("tags").path("Watermark").asText(name)
          + (entities.isEmpty() ? "" : " (" + entities + " entities)");
    }
    if (!isChangeSegment(backup)) {
      return name;
    }
    String changes = backup.path("tags").path("Changes").asText("");
    return "changes " + name + (changes.isEmpty() ? "" : " (" + changes + ")");
  }
}

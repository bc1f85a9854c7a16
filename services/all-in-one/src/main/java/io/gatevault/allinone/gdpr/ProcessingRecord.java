package io.gatevault.allinone.gdpr;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatevault.allinone.config.GatevaultConfig;
import io.gatevault.allinone.config.GatevaultConfig.GatewaySettings;
import io.gatevault.allinone.config.GatevaultConfig.TargetSettings;
import io.gatevault.core.config.SensitiveField;
import io.gatevault.core.config.SensitiveFieldRule;
import io.gatevault.core.config.SensitiveKind;
import io.gatevault.gateways.GatewayAdapters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The record of processing (GDPR Art. 30) of one Gatevault installation, built from its {@code
 * gatevault.yml} and what the newest backup of each gateway holds ({@link BackupContents}):
 * purpose, data categories, storage duration per retention class, locations and regions,
 * safeguards, the erasure procedure. A JSON tree (for {@code --json}) that the text form is
 * rendered from, so both say the same. It names paths and counts of personal data and secrets,
 * never a value.
 */
final class ProcessingRecord {

  static final String PURPOSE =
      "Backup and point-in-time recovery of API gateway configurations: restoring a gateway's"
          + " routes, authentication and limits after a faulty change, an outage or a disaster"
          + " (availability and resilience of processing systems, GDPR Art. 32(1)(b)-(c)), and"
          + " an audit trail of every backup, restore and deletion.";

  static final String LEGAL_BASIS =
      "Legitimate interest / legal obligation of the controller to keep its services available"
          + " and secure (Art. 6(1)(f) / 6(1)(c) with Art. 32): gateway configurations are backed"
          + " up as a whole; personal data in them is incidental to that purpose.";

  static final String DATA_SUBJECTS =
      "Users and API consumers whose usernames, consumer ids, e-mail addresses or client IP"
          + " addresses are written into a gateway's configuration; operators named in the audit"
          + " trail (requestedBy).";

  static final String ERASURE =
      "gatevault gdpr erase --subject <consumer id or username> --reason <ticket>: rewrites every"
          + " stored backup that holds the subject without it (sealed under a fresh data key),"
          + " deletes the old copies and their key objects on every target, writes a deletion"
          + " record per target and reads every copy back to prove the subject is gone. See"
          + " docs/gdpr.md.";

  private final GatevaultConfig config;
  private final Map<String, BackupContents.Inspection> inspections;
  private final Instant now;

  ProcessingRecord(
      GatevaultConfig config, Map<String, BackupContents.Inspection> inspections, Instant now) {
    this.config = config;
    this.inspections = inspections;
    this.now = now;
  }

  ObjectNode toJson(String configSource) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("title", "Record of processing activities (GDPR Art. 30): Gatevault");
    root.put("generatedAt", now.toString());
    root.put("configuration", configSource);
    root.put("purpose", PURPOSE);
    root.put("legalBasis", LEGAL_BASIS);
    root.put("dataSubjects", DATA_SUBJECTS);
    ArrayNode gateways = root.putArray("gateways");
    for (GatewaySettings gateway : config.gateways()) {
      gateways.add(gateway(mapper, gateway));
    }
    root.set("storageDuration", storageDuration(mapper));
    ArrayNode locations = root.putArray("locations");
    for (TargetSettings target : config.targets()) {
      locations.add(location(mapper, target));
    }
    ObjectNode residency = root.putObject("residency");
    config
        .residency()
        .forEach((environment, regions) -> regions.forEach(residency.putArray(environment)::add));
    root.set("safeguards", safeguards(mapper));
    root.put("erasure", ERASURE);
    return root;
  }

  private ObjectNode gateway(ObjectMapper mapper, GatewaySettings gateway) {
    ObjectNode node = mapper.createObjectNode();
    node.put("id", gateway.id());
    node.put("type", gateway.type());
    node.put("environment", gateway.environment());
    node.put("application", gateway.application());
    node.put("owner", gateway.owner());
    node.put(
        "secrets",
        "redact".equals(gateway.secrets())
            ? "redacted from backups (supplied again on restore)"
            : "kept in the backup, sealed (AES-256-GCM)");
    ArrayNode declared = node.putArray("categoriesRecognised");
    Set<SensitiveKind> kinds = new LinkedHashSet<>();
    try {
      for (SensitiveFieldRule rule : GatewayAdapters.sensitiveDataRules(gateway.type()).rules()) {
        kinds.add(rule.kind());
      }
    } catch (IllegalArgumentException unknownType) {
      // config check reports the type; the record lists what it can.
    }
    kinds.stream().sorted().forEach(kind -> declared.add(category(kind)));
    BackupContents.Inspection inspection = inspections.get(gateway.id());
    ObjectNode found = node.putObject("foundInNewestBackup");
    if (inspection == null || inspection.backupName() == null) {
      found.put("inspected", false);
      found.put(
          "reason", inspection == null ? "no backup of this gateway found" : inspection.reason());
      return node;
    }
    found.put("inspected", true);
    found.put("backup", inspection.backupName());
    found.put("createdAt", inspection.createdAt().toString());
    Map<SensitiveKind, List<String>> byKind = new LinkedHashMap<>();
    for (SensitiveField field : inspection.fields()) {
      byKind.computeIfAbsent(field.kind(), k -> new ArrayList<>()).add(field.reference());
    }
    ArrayNode categories = found.putArray("categories");
    byKind.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            entry -> {
              ObjectNode category = categories.addObject();
              category.put("kind", entry.getKey().label());
              category.put("category", entry.getKey().category().name());
              category.put("count", entry.getValue().size());
              entry.getValue().forEach(category.putArray("paths")::add);
            });
    ArrayNode redacted = found.putArray("redactedSecrets");
    inspection.redactedSecrets().forEach(redacted::add);
    return node;
  }

  private static String category(SensitiveKind kind) {
    return kind.label() + " (" + (kind.isSecret() ? "secret" : "personal data") + ")";
  }

  private ObjectNode storageDuration(ObjectMapper mapper) {
    GatevaultConfig.RetentionSettings retention = config.retention();
    ObjectNode node = mapper.createObjectNode();
    node.put(
        "measuredFrom",
        "the newest verified backup of each gateway (not the wall clock: if backups stop, nothing"
            + " expires); the last verified backup is never deleted");
    ArrayNode classes = node.putArray("classes");
    classes.add(retentionClass(mapper, "daily", retention.daily(), retention.daily() + " days"));
    classes.add(
        retentionClass(mapper, "weekly", retention.weekly(), retention.weekly() + " weeks"));
    classes.add(
        retentionClass(mapper, "monthly", retention.monthly(), retention.monthly() + " months"));
    String longest =
        retention.monthly() > 0
            ? retention.monthly() + " months"
            : retention.weekly() > 0 ? retention.weekly() + " weeks" : retention.daily() + " days";
    node.put("longest", "about " + longest + " after a backup was taken");
    List<String> locked = new ArrayList<>();
    for (TargetSettings target : config.targets()) {
      String days = target.s3() == null ? null : target.s3().get("object-lock-days");
      if (days != null && !days.isBlank()) {
        locked.add(target.id() + ": object lock " + days + " days");
      }
    }
    locked.forEach(node.putArray("objectLock")::add);
    node.put(
        "deletion",
        "gatevault prune deletes what the policy no longer keeps and records each deletion (what,"
            + " where, when, why, by whom) on gatevault.deletions and in the audit trail");
    return node;
  }

  private static ObjectNode retentionClass(
      ObjectMapper mapper, String name, int kept, String duration) {
    ObjectNode node = mapper.createObjectNode();
    node.put("class", name);
    node.put("backupsKept", kept);
    node.put("duration", kept == 0 ? "not kept" : "up to " + duration);
    return node;
  }

  private ObjectNode location(ObjectMapper mapper, TargetSettings target) {
    ObjectNode node = mapper.createObjectNode();
    node.put("target", target.id());
    node.put("type", target.type());
    node.put("medium", target.medium());
    node.put("region", target.region());
    node.put("offSite", target.offSite());
    node.put("offline", target.offline());
    if ("s3".equals(target.type()) && target.s3() != null) {
      node.put(
          "where",
          "s3://"
              + target.s3().getOrDefault("bucket", "")
              + "/"
              + target.s3().getOrDefault("prefix", "")
              + (target.s3().containsKey("endpoint")
                  ? " at " + target.s3().get("endpoint")
                  : " (AWS)"));
      for (String key : List.of("storage-class", "sse-kms-key-id", "object-lock-mode")) {
        if (target.s3().containsKey(key)) {
          node.put(key, target.s3().get(key));
        }
      }
    } else {
      node.put("where", String.valueOf(target.path()));
    }
    List<String> environments = new ArrayList<>();
    config
        .residency()
        .forEach(
            (environment, regions) -> {
              if (!regions.contains(target.region())) {
                environments.add(environment);
              }
            });
    node.put(
        "residency",
        config.residency().isEmpty()
            ? "no residency rule configured"
            : environments.isEmpty()
                ? "allowed for every environment with a rule"
                : "outside the regions of " + environments + " (refused at start for them)");
    return node;
  }

  private ArrayNode safeguards(ObjectMapper mapper) {
    ArrayNode list = mapper.createArrayNode();
    GatevaultConfig.KeyringSettings keyring = config.keyring();
    list.add(
        "Encryption at rest: every backup is sealed with AES-256-GCM (GVX1 segments) under a fresh"
            + " data key per backup; the data key is wrapped by the key-encryption key (envelope"
            + " encryption). Verify and restore authenticate every segment before using any"
            + " plaintext.");
    list.add(
        "Key provider: "
            + (keyring.usesKeystore()
                ? "PKCS12 keystore " + keyring.keystore() + ", alias " + keyring.keyAlias()
                : keyring.provider() + " (key " + keyring.kms().keyArn() + ")")
            + ", key version "
            + keyring.keyVersion()
            + (keyring.recovery().configured() ? "; a public-key recovery key also wraps it" : "")
            + ".");
    list.add(
        "Keys apart from backups: the keystore may not lie inside a storage target (refused at"
            + " start); wrapped data keys are small objects of their own, so key rotation never"
            + " re-encrypts data.");
    long https =
        config.gateways().stream().filter(g -> g.adminUrl().startsWith("https://")).count();
    list.add(
        "TLS: "
            + https
            + " of "
            + config.gateways().size()
            + " gateway admin API(s) are reached over https; "
            + (config.tls().defaults() != null
                ? "a tls: section sets the trust store and protocols of every connection"
                : "no tls: section (the JVM's trusted CAs)")
            + (config.tls().connections().isEmpty()
                ? ""
                : ", own TLS settings for " + config.tls().connections().keySet())
            + "; "
            + (config.kafka().mode().equals("external")
                ? (config.tls().kafkaUsesTls(config.kafka())
                    ? "Kafka over SSL"
                    : "Kafka WITHOUT TLS")
                : "Kafka embedded on loopback")
            + "; S3 targets use https unless an http endpoint is configured; the control plane"
            + " listens on "
            + config.controlPlane().host()
            + (config.controlPlane().allowRemote()
                ? " (remote access allowed: put TLS and authentication in front)"
                : " (loopback only)")
            + ".");
    long media = config.targets().stream().map(TargetSettings::medium).distinct().count();
    long offSite = config.targets().stream().filter(TargetSettings::offSite).count();
    list.add(
        "3-2-1: "
            + config.targets().size()
            + " copies on "
            + media
            + " media, "
            + offSite
            + " off-site (checked at start; gatevault compliance reports it per backup).");
    list.add(
        "Verification: every stored copy is read back (SHA-256, key unwrap, decryption, parse)"
            + " after it is written and on demand.");
    list.add(
        "Audit trail: every backup, restore, verification, deletion and erasure is an audit"
            + " record on gatevault.audit (and in each service's log).");
    list.add(
        "Secrets: per gateway 'secrets: keep' (sealed) or 'redact' (left out of backups; a"
            + " restore names each value to supply again).");
    list.add(
        "Least privilege: only the encrypt service asks for data keys; prune deletes without"
            + " decrypting; services bind 127.0.0.1 unless configured otherwise.");
    return list;
  }
}

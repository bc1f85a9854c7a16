package io.gatevault.controlplane.application;

import io.gatevault.core.event.AuditRecord;
import io.gatevault.core.event.StorageMedium;
import io.gatevault.core.event.VerificationCheck;
import io.gatevault.core.event.VerificationStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A backup {@code gatevault gdpr erase} wrote to replace one that held the subject. The erasure
 * writes it straight onto the targets (no manifest event: replicate would wait for sealed chunks
 * that never come), so the catalog learns of it from the erasure's report. It is kept as an audit
 * record on {@code gatevault.audit} (action {@value #ACTION}, target {@code backup/<artifactId>},
 * the fields below as detail), which the catalog replays on every start like the rest of its view.
 *
 * @param supersedes the artifact id of the backup it replaces
 * @param erasureId the erasure that wrote it
 * @param copies one per target it was written to, with whether reading it back there passed
 * @param verifiedAt when the erasure read the copies back
 */
public record ErasureReplacement(
    String artifactId,
    String name,
    String gatewayId,
    String environment,
    String kind,
    Instant created,
    long size,
    long plaintextSize,
    String sha256,
    String cipher,
    String retentionClass,
    Map<String, String> tags,
    String description,
    String supersedes,
    String erasureId,
    Instant verifiedAt,
    List<Copy> copies) {

  /** Audit action of the record that carries a replacement. */
  public static final String ACTION = "gdpr.erase.replacement";

  /** Name of the check each copy contributes to the replacement's verification. */
  public static final String CHECK = "erasure-read-back";

  private static final String TAG = "tag.";
  private static final String COPY = "copy.";

  public ErasureReplacement {
    tags = tags == null ? Map.of() : Map.copyOf(new TreeMap<>(tags));
    copies = List.copyOf(copies);
  }

  /**
   * One copy of the replacement.
   *
   * @param verified whether the erasure read this copy back (opened and checked) after writing it
   * @param detail what that read found
   */
  public record Copy(
      String targetId,
      StorageMedium medium,
      String region,
      boolean offSite,
      boolean offline,
      String location,
      boolean verified,
      String detail) {}

  /** The replacement's verification: one check per copy; SUCCESS when every copy passed. */
  public VerificationStatus status() {
    return VerificationStatus.of(checks());
  }

  public List<VerificationCheck> checks() {
    return copies.stream()
        .map(
            copy ->
                new VerificationCheck(
                    CHECK,
                    copy.targetId(),
                    copy.verified(),
                    copy.detail() == null || copy.detail().isBlank()
                        ? (copy.verified() ? "read back after the erasure" : "not read back")
                        : copy.detail()))
        .toList();
  }

  /** The fields as an audit record's detail (flat text, tags and copies under prefixes). */
  public Map<String, String> toDetail() {
    Map<String, String> detail = new LinkedHashMap<>();
    detail.put("artifactId", artifactId);
    detail.put("name", name);
    detail.put("gatewayId", gatewayId);
    detail.put("environment", environment);
    detail.put("kind", kind);
    detail.put("created", created.toString());
    detail.put("size", Long.toString(size));
    detail.put("plaintextSize", Long.toString(plaintextSize));
    detail.put("sha256", sha256);
    detail.put("cipher", cipher);
    detail.put("retentionClass", retentionClass);
    if (description != null) {
      detail.put("description", description);
    }
    detail.put("supersedes", supersedes);
    detail.put("erasureId", erasureId);
    detail.put("verifiedAt", verifiedAt.toString());
    tags.forEach((key, value) -> detail.put(TAG + key, value));
    for (Copy copy : copies) {
      String prefix = COPY + copy.targetId() + ".";
      detail.put(prefix + "medium", copy.medium().name());
      detail.put(prefix + "region", copy.region());
      detail.put(prefix + "offSite", Boolean.toString(copy.offSite()));
      detail.put(prefix + "offline", Boolean.toString(copy.offline()));
      detail.put(prefix + "location", copy.location());
      detail.put(prefix + "verified", Boolean.toString(copy.verified()));
      detail.put(prefix + "detail", copy.detail() == null ? "" : copy.detail());
    }
    return detail;
  }

  /** The replacement an audit record carries, when it is one ({@value #ACTION}). */
  public static Optional<ErasureReplacement> fromAudit(AuditRecord record) {
    if (!ACTION.equals(record.action())) {
      return Optional.empty();
    }
    Map<String, String> detail = record.detail();
    Map<String, String> tags = new TreeMap<>();
    TreeSet<String> targets = new TreeSet<>();
    detail.forEach(
        (key, value) -> {
          if (key.startsWith(TAG)) {
            tags.put(key.substring(TAG.length()), value);
          } else if (key.startsWith(COPY) && key.endsWith(".medium")) {
            targets.add(key.substring(COPY.length(), key.length() - ".medium".length()));
          }
        });
    List<Copy> copies = new ArrayList<>();
    for (String target : targets) {
      String prefix = COPY + target + ".";
      copies.add(
          new Copy(
              target,
              StorageMedium.valueOf(detail.get(prefix + "medium")),
              detail.get(prefix + "region"),
              Boolean.parseBoolean(detail.get(prefix + "offSite")),
              Boolean.parseBoolean(detail.get(prefix + "offline")),
              detail.get(prefix + "location"),
              Boolean.parseBoolean(detail.get(prefix + "verified")),
              detail.get(prefix + "detail")));
    }
    return Optional.of(
        new ErasureReplacement(
            detail.get("artifactId"),
            detail.get("name"),
            detail.get("gatewayId"),
            detail.get("environment"),
            detail.get("kind"),
            Instant.parse(detail.get("created")),
            Long.parseLong(detail.get("size")),
            Long.parseLong(detail.get("plaintextSize")),
            detail.get("sha256"),
            detail.get("cipher"),
            detail.get("retentionClass"),
            tags,
            detail.get("description"),
            detail.get("supersedes"),
            detail.get("erasureId"),
            Instant.parse(detail.get("verifiedAt")),
            copies));
  }
}

package io.gatevault.core.storage;

import io.gatevault.core.event.VerificationCheck;
import io.gatevault.core.event.VerificationResult;
import io.gatevault.core.event.VerificationStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One verification of one artifact as stored on a target ({@code
 * verifications/<artifactId>/<verifiedAt>.json}), so whether a backup was verified is known from
 * storage alone (catalog rebuild, prune). Written by verify to every healthy target.
 *
 * @param status what the checks add up to ({@link VerificationStatus#of}); never STARTED
 * @param checks every check, with the target it concerned (null for checks of the artifact itself)
 */
public record VerificationDocument(
    int formatVersion,
    String artifactId,
    String gatewayId,
    String environment,
    VerificationStatus status,
    List<VerificationCheck> checks,
    Instant verifiedAt) {

  public static final int FORMAT_VERSION = 1;

  public VerificationDocument {
    if (formatVersion < 1 || formatVersion > FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "verification record formatVersion "
              + formatVersion
              + " is not supported by this build (it reads 1.."
              + FORMAT_VERSION
              + ")");
    }
    ObjectKeySyntax.checkSegment(artifactId, "VerificationDocument.artifactId");
    ObjectKeySyntax.checkSegment(gatewayId, "VerificationDocument.gatewayId");
    ObjectKeySyntax.checkSegment(environment, "VerificationDocument.environment");
    if (checks == null || checks.isEmpty()) {
      throw new IllegalArgumentException(
          "VerificationDocument.checks must not be empty for artifact " + artifactId);
    }
    checks = List.copyOf(checks);
    if (status == null || status != VerificationStatus.of(checks)) {
      throw new IllegalArgumentException(
          "VerificationDocument.status is "
              + status
              + " but the checks add up to "
              + VerificationStatus.of(checks)
              + " for artifact "
              + artifactId);
    }
    if (verifiedAt == null) {
      throw new IllegalArgumentException("VerificationDocument.verifiedAt is required");
    }
  }

  /** The stored form of a finished verification of an artifact of {@code gatewayId}. */
  public static VerificationDocument from(
      VerificationResult result, String gatewayId, String environment) {
    return new VerificationDocument(
        FORMAT_VERSION,
        result.artifactId(),
        gatewayId,
        environment,
        result.status(),
        result.checks(),
        result.verifiedAt());
  }

  /** Key this record is stored under. */
  public String key() {
    return RepositoryLayout.verification(environment, gatewayId, artifactId, verifiedAt);
  }

  /**
   * Targets whose copy passed every check concerning it, provided every check of the artifact
   * itself (those without a target) passed too; empty when no copy is known good.
   */
  public Set<String> goodTargets() {
    boolean artifactChecksPassed =
        checks.stream()
            .filter(check -> check.targetId() == null)
            .allMatch(VerificationCheck::passed);
    Set<String> good = new LinkedHashSet<>();
    if (!artifactChecksPassed) {
      return good;
    }
    checks.stream()
        .map(VerificationCheck::targetId)
        .filter(java.util.Objects::nonNull)
        .distinct()
        .filter(
            target ->
                checks.stream()
                    .filter(check -> target.equals(check.targetId()))
                    .allMatch(VerificationCheck::passed))
        .forEach(good::add);
    return good;
  }

  /**
   * True when this verification proves at least one restorable copy: SUCCESS, or PARTIAL with a
   * copy that passed everything.
   */
  public boolean provesGoodCopy() {
    return status == VerificationStatus.SUCCESS
        || (status == VerificationStatus.PARTIAL && !goodTargets().isEmpty());
  }

  public byte[] toJson() {
    List<Object> checkList = new ArrayList<>();
    for (VerificationCheck check : checks) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("checkName", check.checkName());
      entry.put("targetId", check.targetId());
      entry.put("passed", check.passed());
      entry.put("detail", check.detail());
      checkList.add(entry);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("formatVersion", formatVersion);
    json.put("artifactId", artifactId);
    json.put("gatewayId", gatewayId);
    json.put("environment", environment);
    json.put("status", status.name());
    json.put("verifiedAt", verifiedAt.toString());
    json.put("checks", checkList);
    return Json.write(json).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads a verification record.
   *
   * @param where what is being read, for error messages
   */
  public static VerificationDocument fromJson(byte[] json, String where) {
    try {
      JsonFields fields =
          JsonFields.of(Json.parse(new String(json, StandardCharsets.UTF_8)), where);
      List<VerificationCheck> checks = new ArrayList<>();
      for (JsonFields check : fields.objects("checks")) {
        checks.add(
            new VerificationCheck(
                check.text("checkName"),
                check.optionalText("targetId"),
                check.bool("passed"),
                check.text("detail")));
      }
      return new VerificationDocument(
          fields.integer("formatVersion"),
          fields.text("artifactId"),
          fields.text("gatewayId"),
          fields.text("environment"),
          VerificationStatus.valueOf(fields.text("status")),
          checks,
          Instant.parse(fields.text("verifiedAt")));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new IllegalArgumentException(
          "verification record " + where + " is not valid: " + e.getMessage(), e);
    }
  }
}

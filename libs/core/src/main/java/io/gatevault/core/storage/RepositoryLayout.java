package io.gatevault.core.storage;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Every object key of a Gatevault repository, version 1 (docs/repository-format.md). Services never
 * build a key themselves: they ask this type, so the format lives in one place and a key can always
 * be parsed back into what it holds.
 *
 * <pre>
 * v1/&lt;environment&gt;/&lt;gatewayId&gt;/
 *     snapshots/&lt;name&gt;.gvx
 *     changes/&lt;first&gt;-&lt;last&gt;.changes.gvx         (20-digit, zero-padded sequences)
 *     checkpoints/&lt;watermark&gt;.checkpoint.gvx       (20-digit, zero-padded sequence)
 *     keys/&lt;artifactId&gt;.&lt;keyVersion&gt;.key
 *     manifests/&lt;artifactId&gt;.json
 *     verifications/&lt;artifactId&gt;/&lt;verifiedAt&gt;.json  (verifiedAt: 20250818T143000.000000000Z)
 * </pre>
 *
 * Keys are relative to a target's root; each target maps them onto its medium.
 */
public final class RepositoryLayout {

  /** The layout version this build writes and reads; the first segment of every key. */
  public static final String VERSION = "v1";

  /** Suffix of sealed artifacts (snapshots and change segments). */
  public static final String SEALED_SUFFIX = ".gvx";

  static final String SNAPSHOTS = "snapshots";
  static final String CHANGES = "changes";
  static final String CHECKPOINTS = "checkpoints";
  static final String KEYS = "keys";
  static final String MANIFESTS = "manifests";
  static final String VERIFICATIONS = "verifications";
  private static final String CHANGES_SUFFIX = ".changes" + SEALED_SUFFIX;
  private static final String CHECKPOINT_SUFFIX = ".checkpoint" + SEALED_SUFFIX;
  private static final String KEY_SUFFIX = ".key";
  private static final String JSON_SUFFIX = ".json";

  /** UTC, fixed width, sorts chronologically as text, and has no ':' (invalid on some media). */
  private static final DateTimeFormatter VERIFIED_AT =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSSSSSSSS'Z'");

  private RepositoryLayout() {}

  /** Prefix of every object of this layout version. */
  public static String versionPrefix() {
    return VERSION + "/";
  }

  /** Prefix of every object of one environment. */
  public static String environmentPrefix(String environment) {
    return versionPrefix() + ObjectKeySyntax.checkSegment(environment, "environment") + "/";
  }

  /** Prefix of every object of one gateway. */
  public static String gatewayPrefix(String environment, String gatewayId) {
    return environmentPrefix(environment)
        + ObjectKeySyntax.checkSegment(gatewayId, "gatewayId")
        + "/";
  }

  /** Prefix of a gateway's manifests: listing it enumerates the gateway's artifacts. */
  public static String manifestsPrefix(String environment, String gatewayId) {
    return gatewayPrefix(environment, gatewayId) + MANIFESTS + "/";
  }

  /**
   * A sealed snapshot. {@code name} is the snapshot's name (e.g. {@code
   * caddy-prod-20250818-1430-full.json}); a name that already ends in {@value #SEALED_SUFFIX} is
   * used as it is.
   */
  public static String snapshot(String environment, String gatewayId, String name) {
    String file = name != null && name.endsWith(SEALED_SUFFIX) ? name : name + SEALED_SUFFIX;
    return gatewayPrefix(environment, gatewayId)
        + SNAPSHOTS
        + "/"
        + ObjectKeySyntax.checkSegment(file, "snapshot name");
  }

  /** A sealed segment of the change log holding sequences {@code first..last}, both included. */
  public static String changeSegment(
      String environment, String gatewayId, long firstSequence, long lastSequence) {
    if (firstSequence < 0 || lastSequence < firstSequence) {
      throw new IllegalArgumentException(
          "a change segment needs 0 <= first <= last, got " + firstSequence + "-" + lastSequence);
    }
    return gatewayPrefix(environment, gatewayId)
        + CHANGES
        + "/"
        + String.format("%020d-%020d", firstSequence, lastSequence)
        + CHANGES_SUFFIX;
  }

  /** A sealed checkpoint: the configuration at change-log sequence {@code watermark}. */
  public static String checkpoint(String environment, String gatewayId, long watermark) {
    if (watermark < 0) {
      throw new IllegalArgumentException("a checkpoint's watermark must be >= 0, got " + watermark);
    }
    return gatewayPrefix(environment, gatewayId)
        + CHECKPOINTS
        + "/"
        + String.format("%020d", watermark)
        + CHECKPOINT_SUFFIX;
  }

  /** The wrapped data key of an artifact, generation {@code keyVersion}. */
  public static String wrappedKey(
      String environment, String gatewayId, String artifactId, int keyVersion) {
    if (keyVersion < 1) {
      throw new IllegalArgumentException("keyVersion must be >= 1, got " + keyVersion);
    }
    return gatewayPrefix(environment, gatewayId)
        + KEYS
        + "/"
        + ObjectKeySyntax.checkSegment(artifactId, "artifactId")
        + "."
        + keyVersion
        + KEY_SUFFIX;
  }

  /** The plaintext-free manifest of an artifact ({@link ManifestDocument}). */
  public static String manifest(String environment, String gatewayId, String artifactId) {
    return manifestsPrefix(environment, gatewayId)
        + ObjectKeySyntax.checkSegment(artifactId, "artifactId")
        + JSON_SUFFIX;
  }

  /** Prefix of every verification record of an artifact. */
  public static String verificationsPrefix(
      String environment, String gatewayId, String artifactId) {
    return gatewayPrefix(environment, gatewayId)
        + VERIFICATIONS
        + "/"
        + ObjectKeySyntax.checkSegment(artifactId, "artifactId")
        + "/";
  }

  /** One verification record of an artifact ({@link VerificationDocument}). */
  public static String verification(
      String environment, String gatewayId, String artifactId, Instant verifiedAt) {
    if (verifiedAt == null) {
      throw new IllegalArgumentException("verifiedAt is required for a verification record key");
    }
    return verificationsPrefix(environment, gatewayId, artifactId)
        + VERIFIED_AT.format(LocalDateTime.ofInstant(verifiedAt, ZoneOffset.UTC))
        + JSON_SUFFIX;
  }

  /**
   * Parses an object key of this layout back into its parts.
   *
   * @throws IllegalArgumentException naming the key and why it is not an object of layout {@value
   *     #VERSION}
   */
  public static RepositoryObject parse(String key) {
    ObjectKeySyntax.check(key);
    String[] segments = key.split("/");
    if (!VERSION.equals(segments[0])) {
      throw notOurs(key, "it does not start with " + VERSION + "/");
    }
    if (segments.length < 5) {
      throw notOurs(key, "expected " + VERSION + "/<environment>/<gatewayId>/<kind>/<file>");
    }
    String environment = segments[1];
    String gatewayId = segments[2];
    String kind = segments[3];
    String file = segments[4];
    if (segments.length == 5) {
      switch (kind) {
        case SNAPSHOTS -> {
          if (file.endsWith(SEALED_SUFFIX) && file.length() > SEALED_SUFFIX.length()) {
            return new RepositoryObject.Snapshot(
                environment, gatewayId, strip(file, SEALED_SUFFIX));
          }
        }
        case CHANGES -> {
          if (file.endsWith(CHANGES_SUFFIX)) {
            String[] range = strip(file, CHANGES_SUFFIX).split("-");
            if (range.length == 2 && isDigits(range[0]) && isDigits(range[1])) {
              return new RepositoryObject.ChangeSegment(
                  environment, gatewayId, Long.parseLong(range[0]), Long.parseLong(range[1]));
            }
          }
        }
        case CHECKPOINTS -> {
          if (file.endsWith(CHECKPOINT_SUFFIX) && isDigits(strip(file, CHECKPOINT_SUFFIX))) {
            return new RepositoryObject.Checkpoint(
                environment, gatewayId, Long.parseLong(strip(file, CHECKPOINT_SUFFIX)));
          }
        }
        case KEYS -> {
          if (file.endsWith(KEY_SUFFIX)) {
            String stem = strip(file, KEY_SUFFIX);
            int dot = stem.lastIndexOf('.');
            if (dot > 0 && isDigits(stem.substring(dot + 1))) {
              return new RepositoryObject.WrappedKey(
                  environment,
                  gatewayId,
                  stem.substring(0, dot),
                  Integer.parseInt(stem.substring(dot + 1)));
            }
          }
        }
        case MANIFESTS -> {
          if (file.endsWith(JSON_SUFFIX) && file.length() > JSON_SUFFIX.length()) {
            return new RepositoryObject.Manifest(environment, gatewayId, strip(file, JSON_SUFFIX));
          }
        }
        default -> {}
      }
    } else if (segments.length == 6 && VERIFICATIONS.equals(kind)) {
      String record = segments[5];
      if (record.endsWith(JSON_SUFFIX)) {
        try {
          Instant verifiedAt =
              LocalDateTime.parse(strip(record, JSON_SUFFIX), VERIFIED_AT)
                  .toInstant(ZoneOffset.UTC);
          return new RepositoryObject.Verification(environment, gatewayId, file, verifiedAt);
        } catch (DateTimeParseException e) {
          throw notOurs(key, "'" + record + "' is not <verifiedAt>.json");
        }
      }
    }
    throw notOurs(key, "no object of layout " + VERSION + " has this shape");
  }

  private static IllegalArgumentException notOurs(String key, String why) {
    return new IllegalArgumentException(
        "'" + key + "' is not an object key of repository layout " + VERSION + ": " + why);
  }

  private static String strip(String file, String suffix) {
    return file.substring(0, file.length() - suffix.length());
  }

  private static boolean isDigits(String text) {
    return !text.isEmpty() && text.length() <= 20 && text.chars().allMatch(Character::isDigit);
  }
}

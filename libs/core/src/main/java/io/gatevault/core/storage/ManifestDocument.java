package io.gatevault.core.storage;

import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.event.ArtifactManifest;
import io.gatevault.core.event.KeyReference;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The manifest stored beside each artifact ({@code manifests/<artifactId>.json}): everything needed
 * to list, choose, check and rebuild the catalog, and nothing secret. It holds no plaintext, no key
 * material (the wrapped data key is its own object, found through {@link #keyReference()}), and no
 * configuration content; a test pins its fields so adding one is a deliberate act.
 *
 * @param formatVersion version of this document's format; this build writes and reads {@value
 *     #FORMAT_VERSION}
 * @param name the artifact's name; for a snapshot e.g. {@code caddy-prod-20250818-1430-full.json},
 *     for a change segment {@code <firstSequence>-<lastSequence>}
 * @param version manifest version: 1 when sealed, incremented when rotation re-wraps the key
 * @param cipher encryption scheme, e.g. {@code AES-256-GCM-STREAM}
 * @param plaintextSize size of the sealed document in bytes (a size, not content)
 * @param sha256 lower-case hex SHA-256 of the whole ciphertext object
 * @param watermarkSequence change-log sequence the artifact is consistent with
 * @param tags Environment, Application, Owner, BackupDate, BackupType and any others
 * @param description free text from the request, or null
 */
public record ManifestDocument(
    int formatVersion,
    String artifactId,
    String gatewayId,
    String environment,
    String name,
    ArtifactKind kind,
    int version,
    String cipher,
    KeyReference keyReference,
    long plaintextSize,
    long ciphertextSize,
    String sha256,
    long watermarkSequence,
    String retentionClass,
    Map<String, String> tags,
    String description,
    Instant createdAt) {

  /** The manifest format this build writes. */
  public static final int FORMAT_VERSION = 1;

  private static final Pattern SEGMENT_NAME = Pattern.compile("(\\d{1,19})-(\\d{1,19})");

  public ManifestDocument {
    if (formatVersion < 1 || formatVersion > FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "manifest formatVersion "
              + formatVersion
              + " is not supported by this build (it reads 1.."
              + FORMAT_VERSION
              + "): upgrade Gatevault to read it");
    }
    requireText(artifactId, "artifactId");
    ObjectKeySyntax.checkSegment(artifactId, "ManifestDocument.artifactId");
    ObjectKeySyntax.checkSegment(gatewayId, "ManifestDocument.gatewayId");
    ObjectKeySyntax.checkSegment(environment, "ManifestDocument.environment");
    requireText(name, "name");
    if (kind == null) {
      throw new IllegalArgumentException("ManifestDocument.kind is required");
    }
    if (version < 1) {
      throw new IllegalArgumentException("ManifestDocument.version must be >= 1, got " + version);
    }
    requireText(cipher, "cipher");
    if (keyReference == null) {
      throw new IllegalArgumentException("ManifestDocument.keyReference is required");
    }
    if (plaintextSize < 0 || ciphertextSize < 0 || watermarkSequence < 0) {
      throw new IllegalArgumentException(
          "ManifestDocument sizes and watermarkSequence must be >= 0 for artifact " + artifactId);
    }
    Sha256.requireHex(sha256, "ManifestDocument.sha256");
    requireText(retentionClass, "retentionClass");
    if (tags == null) {
      throw new IllegalArgumentException("ManifestDocument.tags is required (may be empty)");
    }
    tags = Map.copyOf(tags);
    if (description != null && description.isBlank()) {
      description = null;
    }
    if (createdAt == null) {
      throw new IllegalArgumentException("ManifestDocument.createdAt is required");
    }
  }

  /** The stored form of a manifest event: the same facts, without the envelope. */
  public static ManifestDocument from(ArtifactManifest manifest) {
    return new ManifestDocument(
        FORMAT_VERSION,
        manifest.artifactId(),
        manifest.gatewayId(),
        manifest.environment(),
        manifest.name(),
        manifest.kind(),
        manifest.version(),
        manifest.cipher(),
        manifest.keyReference(),
        manifest.plaintextSize(),
        manifest.ciphertextSize(),
        manifest.sha256(),
        manifest.watermarkSequence(),
        manifest.retentionClass(),
        manifest.tags(),
        manifest.description(),
        manifest.createdAt());
  }

  /** Key of this artifact's manifest. */
  public String manifestKey() {
    return RepositoryLayout.manifest(environment, gatewayId, artifactId);
  }

  /** Key of the sealed artifact itself (a snapshot, a change segment or a checkpoint). */
  public String artifactKey() {
    if (kind == ArtifactKind.CHECKPOINT) {
      // A checkpoint is the state at its watermark: the sequence names it.
      return RepositoryLayout.checkpoint(environment, gatewayId, watermarkSequence);
    }
    if (kind == ArtifactKind.CHANGE_SEGMENT) {
      Matcher range = SEGMENT_NAME.matcher(name);
      if (!range.matches()) {
        throw new IllegalArgumentException(
            "change segment artifact "
                + artifactId
                + " must be named <firstSequence>-<lastSequence>, but is named '"
                + name
                + "'");
      }
      return RepositoryLayout.changeSegment(
          environment, gatewayId, Long.parseLong(range.group(1)), Long.parseLong(range.group(2)));
    }
    return RepositoryLayout.snapshot(environment, gatewayId, name);
  }

  /** Key of this artifact's wrapped data key, generation {@code keyReference().keyVersion()}. */
  public String wrappedKeyKey() {
    return RepositoryLayout.wrappedKey(
        environment, gatewayId, artifactId, keyReference.keyVersion());
  }

  /** Prefix of this artifact's verification records. */
  public String verificationsPrefix() {
    return RepositoryLayout.verificationsPrefix(environment, gatewayId, artifactId);
  }

  /**
   * The document as UTF-8 JSON, fields in a fixed order, tags sorted: equal documents, equal bytes.
   */
  public byte[] toJson() {
    Map<String, Object> key = new LinkedHashMap<>();
    key.put("keyringId", keyReference.keyringId());
    key.put("keyId", keyReference.keyId());
    key.put("keyVersion", keyReference.keyVersion());
    key.put("wrappedKeyObject", keyReference.wrappedKeyObject());
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("formatVersion", formatVersion);
    json.put("artifactId", artifactId);
    json.put("gatewayId", gatewayId);
    json.put("environment", environment);
    json.put("name", name);
    json.put("kind", kind.name());
    json.put("version", version);
    json.put("cipher", cipher);
    json.put("keyReference", key);
    json.put("plaintextSize", plaintextSize);
    json.put("ciphertextSize", ciphertextSize);
    json.put("sha256", sha256);
    json.put("watermarkSequence", watermarkSequence);
    json.put("retentionClass", retentionClass);
    json.put("tags", new TreeMap<>(tags));
    json.put("description", description);
    json.put("createdAt", createdAt.toString());
    return Json.write(json).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads a manifest. Fields this build does not know are ignored (later minor additions stay
   * readable); a newer {@code formatVersion} is refused.
   *
   * @param where what is being read, for error messages (e.g. the target and key)
   * @throws IllegalArgumentException naming {@code where} and the bad field
   */
  public static ManifestDocument fromJson(byte[] json, String where) {
    try {
      JsonFields fields =
          JsonFields.of(Json.parse(new String(json, StandardCharsets.UTF_8)), where);
      JsonFields key = fields.object("keyReference");
      return new ManifestDocument(
          fields.integer("formatVersion"),
          fields.text("artifactId"),
          fields.text("gatewayId"),
          fields.text("environment"),
          fields.text("name"),
          ArtifactKind.valueOf(fields.text("kind")),
          fields.integer("version"),
          fields.text("cipher"),
          new KeyReference(
              key.text("keyringId"),
              key.text("keyId"),
              key.integer("keyVersion"),
              key.text("wrappedKeyObject")),
          fields.number("plaintextSize"),
          fields.number("ciphertextSize"),
          fields.text("sha256"),
          fields.number("watermarkSequence"),
          fields.text("retentionClass"),
          fields.stringMap("tags"),
          fields.optionalText("description"),
          Instant.parse(fields.text("createdAt")));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new IllegalArgumentException(
          "manifest " + where + " is not a valid Gatevault manifest: " + e.getMessage(), e);
    }
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("ManifestDocument." + field + " must not be blank");
    }
  }
}

package io.gatevault.crypto.erasure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.ObjectKeySyntax;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The erasure's record on every target, at the repository root outside {@code v1/} (so catalog
 * rebuilds never take it for a backup), each object written once:
 *
 * <pre>
 * erasures/&lt;erasureId&gt;/planned/&lt;environment&gt;/&lt;gatewayId&gt;/&lt;oldArtifactId&gt;.json
 * erasures/&lt;erasureId&gt;/staged/&lt;environment&gt;/&lt;gatewayId&gt;/&lt;newArtifactId&gt;.{gvx,json}
 * erasures/&lt;erasureId&gt;/rewritten/&lt;environment&gt;/&lt;gatewayId&gt;/&lt;oldArtifactId&gt;.json
 * erasures/&lt;erasureId&gt;/blocked/&lt;environment&gt;/&lt;gatewayId&gt;/&lt;oldArtifactId&gt;.json
 * erasures/&lt;erasureId&gt;/deleted/&lt;environment&gt;/&lt;gatewayId&gt;/&lt;oldArtifactId&gt;.json
 * </pre>
 *
 * {@code rewritten}: the replacement is written and read back on every target holding the old
 * artifact (written before anything is deleted, so a resumed run knows the old objects may go).
 * {@code blocked}: some old object may not be deleted yet (object lock). {@code deleted}: the
 * deletion record: what (artifact, gateway, paths removed), when, how, by whom, why. None of them
 * names the subject: they carry its {@link #subjectDigest digest}.
 */
public final class ErasureJournal {

  public static final String ROOT = "erasures";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final String erasureId;

  public ErasureJournal(String erasureId) {
    this.erasureId = ObjectKeySyntax.checkSegment(erasureId, "erasure id");
  }

  /**
   * {@code gdpr-<32 hex>}: from the subject's digest, so running the same erasure again (after an
   * interruption, or to check it) finds its journal, while the name reveals nothing by itself.
   */
  public static String erasureId(String subject) {
    return "gdpr-" + subjectDigest(subject).substring(0, 32);
  }

  /**
   * SHA-256 of {@code "gatevault gdpr subject\0" + subject}, hex: lets whoever knows the subject
   * (the ticket) check which records concern it. A digest of a short name can be found by trying
   * names, so the records are kept as carefully as the audit trail.
   */
  public static String subjectDigest(String subject) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(("gatevault gdpr subject\0" + subject).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("This JVM provides no SHA-256 MessageDigest", e);
    }
  }

  public String erasureId() {
    return erasureId;
  }

  public String rewritten(String environment, String gatewayId, String artifactId) {
    return key("rewritten", environment, gatewayId, artifactId);
  }

  public String blocked(String environment, String gatewayId, String artifactId) {
    return key("blocked", environment, gatewayId, artifactId);
  }

  public String deleted(String environment, String gatewayId, String artifactId) {
    return key("deleted", environment, gatewayId, artifactId);
  }

  /** What a rewrite of the old artifact will remove, written before any replacement object. */
  public String planned(String environment, String gatewayId, String artifactId) {
    return key("planned", environment, gatewayId, artifactId);
  }

  /**
   * A change segment's replacement, staged outside {@code v1/} before the old one is deleted: the
   * two share the segment's object key (it is named by the sequence range), so the replacement's
   * bytes must be durable somewhere first. Deleted when the erasure of the artifact completes.
   */
  public String stagedSealed(String environment, String gatewayId, String newArtifactId) {
    return key("staged", environment, gatewayId, newArtifactId).replaceAll("\\.json$", ".gvx");
  }

  /** The staged replacement's manifest (see {@link #stagedSealed}). */
  public String stagedManifest(String environment, String gatewayId, String newArtifactId) {
    return key("staged", environment, gatewayId, newArtifactId);
  }

  /** Prefix of every deletion record of this erasure. */
  public String deletedPrefix() {
    return ROOT + "/" + erasureId + "/deleted/";
  }

  private String key(String step, String environment, String gatewayId, String artifactId) {
    return ROOT
        + "/"
        + erasureId
        + "/"
        + step
        + "/"
        + ObjectKeySyntax.checkSegment(environment, "environment")
        + "/"
        + ObjectKeySyntax.checkSegment(gatewayId, "gatewayId")
        + "/"
        + ObjectKeySyntax.checkSegment(artifactId, "artifactId")
        + ".json";
  }

  /** Writes the record on every target that lacks it (write-once); the same bytes everywhere. */
  static void record(List<BackupStore> targets, String key, Map<String, Object> fields) {
    byte[] bytes = toJson(fields);
    for (BackupStore target : targets) {
      if (!target.exists(key)) {
        target.put(key, bytes);
      }
    }
  }

  /** The record under {@code key} on the first target holding it. */
  static Optional<JsonNode> read(List<BackupStore> targets, String key) {
    for (BackupStore target : targets) {
      if (target.exists(key)) {
        try {
          return Optional.of(JSON.readTree(target.get(key)));
        } catch (IOException e) {
          throw new UncheckedIOException(
              "erasure record " + key + " on target " + target.describe().targetId(), e);
        }
      }
    }
    return Optional.empty();
  }

  static byte[] toJson(Map<String, Object> fields) {
    try {
      return (JSON.writeValueAsString(fields) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("erasure record fields must be JSON values", e);
    }
  }
}

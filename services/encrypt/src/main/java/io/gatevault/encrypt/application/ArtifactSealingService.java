package io.gatevault.encrypt.application;

import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.event.ArtifactManifest;
import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.event.BackupType;
import io.gatevault.core.event.BinaryContent;
import io.gatevault.core.event.EventEnvelope;
import io.gatevault.core.event.KeyReference;
import io.gatevault.core.event.SealedArtifact;
import io.gatevault.core.id.DeterministicId;
import io.gatevault.core.storage.RepositoryLayout;
import io.gatevault.crypto.EncryptionContext;
import io.gatevault.crypto.EnvelopeSealer;
import io.gatevault.crypto.SealedBytes;
import io.gatevault.crypto.SealedEnvelope;
import io.gatevault.crypto.WrappingKeyReference;
import io.gatevault.stream.AuditTrail;
import io.gatevault.stream.Envelopes;
import io.gatevault.stream.EventPublisher;
import io.gatevault.stream.GatevaultTopics;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals each assembled snapshot: envelope encryption under a fresh data key ({@link
 * EnvelopeSealer}, GVX1 format), then publishes the ciphertext as ordered {@link SealedArtifact}
 * chunks (at most {@link BinaryContent#MAX_CHUNK_BYTES} each) followed by one {@link
 * ArtifactManifest} carrying the wrapped data key, all on {@value GatevaultTopics#ARTIFACTS_SEALED}
 * keyed by gateway, and audits {@value #ACTION}. This is the only service that asks for data keys.
 *
 * <p>The artifact id derives from the snapshot id, so sealing a redelivered snapshot names the same
 * artifact. A second sealing of it has a new data key and so other ciphertext: event ids include
 * the ciphertext's SHA-256, so its chunks are never mistaken for the first sealing's; replicate's
 * write-once store keeps the first.
 */
public class ArtifactSealingService {

  static final String ACTION = "artifact.sealed";

  /** Retention class when the snapshot's tags name none. */
  static final String DEFAULT_RETENTION_CLASS = "daily";

  /** Tag that may name the retention class. */
  static final String RETENTION_TAG = "RetentionClass";

  /** Environment used when capture said none (producers before the environment field). */
  static final String UNKNOWN_ENVIRONMENT = "default";

  private static final Logger log = LoggerFactory.getLogger(ArtifactSealingService.class);
  private static final java.util.regex.Pattern CHANGE_SEGMENT_NAME =
      java.util.regex.Pattern.compile("\\d{1,19}-\\d{1,19}");
  private static final java.util.regex.Pattern CHECKPOINT_NAME =
      java.util.regex.Pattern.compile("checkpoint-\\d{1,19}");
  private static final DateTimeFormatter NAME_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmm").withZone(ZoneOffset.UTC);

  private final EnvelopeSealer sealer;
  private final EventPublisher publisher;
  private final Envelopes envelopes;
  private final AuditTrail audit;

  public ArtifactSealingService(
      EnvelopeSealer sealer, EventPublisher publisher, Envelopes envelopes, AuditTrail audit) {
    this.sealer = sealer;
    this.publisher = publisher;
    this.envelopes = envelopes;
    this.audit = audit;
  }

  /** Seals {@code snapshot} and publishes its chunks and manifest; returns the manifest. */
  public ArtifactManifest seal(AssembledSnapshot snapshot) {
    String artifactId = artifactIdOf(snapshot.snapshotId());
    String environment = environmentOf(snapshot);
    String name = nameOf(snapshot);
    EventEnvelope cause = snapshot.firstChunk();
    try {
      EncryptionContext context =
          new EncryptionContext(snapshot.gatewayId(), environment, artifactId);
      SealedBytes sealed = sealer.seal(snapshot.document(), context);
      SealedEnvelope envelope = sealed.envelope();
      List<EventPublisher.Outgoing> batch = chunksOf(snapshot, artifactId, sealed);
      int chunks = batch.size();
      ArtifactManifest manifest =
          manifest(snapshot, artifactId, environment, name, envelope, cause);
      // The manifest after its chunks (same topic and key, so in order), the audit record with
      // them: one batch, one wait for all acknowledgements.
      batch.add(
          new EventPublisher.Outgoing(
              GatevaultTopics.ARTIFACTS_SEALED, snapshot.gatewayId(), manifest));
      Map<String, String> detail = new LinkedHashMap<>();
      detail.put("snapshotId", snapshot.snapshotId());
      detail.put("name", name);
      detail.put("chunks", Integer.toString(chunks));
      detail.put("plaintextSize", Long.toString(envelope.plaintextSize()));
      detail.put("ciphertextSize", Long.toString(envelope.ciphertextSize()));
      detail.put("sha256", envelope.ciphertextSha256());
      detail.put("cipher", EnvelopeSealer.CIPHER);
      detail.put("keyId", envelope.keyReference().keyId());
      detail.put("keyVersion", Integer.toString(envelope.keyReference().keyVersion()));
      batch.add(
          audit.prepare(
              ACTION, artifactId, AuditOutcome.SUCCESS, cause, snapshot.gatewayId(), detail));
      publisher.publishAll(batch);
      log.info(
          "Sealed snapshot {} of gateway {} as artifact {} ({}): {} -> {} bytes in {} chunks",
          snapshot.snapshotId(),
          snapshot.gatewayId(),
          artifactId,
          name,
          envelope.plaintextSize(),
          envelope.ciphertextSize(),
          chunks);
      return manifest;
    } catch (RuntimeException e) {
      Map<String, String> detail = new LinkedHashMap<>();
      detail.put("snapshotId", snapshot.snapshotId());
      detail.put("name", name);
      detail.put(
          "reason",
          (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
              + "; request a new snapshot once this is fixed");
      audit.record(ACTION, artifactId, AuditOutcome.FAILURE, cause, snapshot.gatewayId(), detail);
      throw e;
    }
  }

  /** The artifact id of the snapshot with {@code snapshotId}: the same on every sealing. */
  public static String artifactIdOf(String snapshotId) {
    return DeterministicId.ARTIFACTS.deriveString("snapshot", snapshotId);
  }

  private List<EventPublisher.Outgoing> chunksOf(
      AssembledSnapshot snapshot, String artifactId, SealedBytes sealed) {
    byte[] ciphertext = sealed.ciphertext();
    String sha256 = sealed.envelope().ciphertextSha256();
    int size = BinaryContent.MAX_CHUNK_BYTES;
    int count = Math.max(1, (ciphertext.length + size - 1) / size);
    List<EventPublisher.Outgoing> chunks = new ArrayList<>(count + 2);
    for (int index = 0; index < count; index++) {
      byte[] piece =
          Arrays.copyOfRange(
              ciphertext, index * size, Math.min(ciphertext.length, (index + 1) * size));
      SealedArtifact chunk =
          new SealedArtifact(
              envelopes.derived(
                  "SealedArtifact",
                  snapshot.firstChunk(),
                  snapshot.gatewayId(),
                  artifactId,
                  sha256,
                  Integer.toString(index)),
              artifactId,
              snapshot.gatewayId(),
              kindOf(snapshot),
              index,
              count,
              BinaryContent.copyOf(piece),
              sha256Hex(piece),
              envelopes.clock().instant());
      chunks.add(
          new EventPublisher.Outgoing(
              GatevaultTopics.ARTIFACTS_SEALED, snapshot.gatewayId(), chunk));
    }
    return chunks;
  }

  private ArtifactManifest manifest(
      AssembledSnapshot snapshot,
      String artifactId,
      String environment,
      String name,
      SealedEnvelope envelope,
      EventEnvelope cause) {
    WrappingKeyReference key = envelope.keyReference();
    return new ArtifactManifest(
        envelopes.derived(
            "ArtifactManifest",
            cause,
            snapshot.gatewayId(),
            artifactId,
            envelope.ciphertextSha256()),
        artifactId,
        snapshot.gatewayId(),
        environment,
        name,
        kindOf(snapshot),
        1,
        EnvelopeSealer.CIPHER,
        new KeyReference(
            key.keyringId(),
            key.keyId(),
            key.keyVersion(),
            RepositoryLayout.wrappedKey(
                environment, snapshot.gatewayId(), artifactId, key.keyVersion())),
        envelope.plaintextSize(),
        envelope.ciphertextSize(),
        envelope.ciphertextSha256(),
        snapshot.watermarkSequence(),
        snapshot.tags().getOrDefault(RETENTION_TAG, DEFAULT_RETENTION_CLASS),
        snapshot.tags(),
        snapshot.description(),
        envelopes.clock().instant(),
        BinaryContent.copyOf(envelope.wrappedDataKey().bytes()));
  }

  /**
   * What the artifact holds: capture publishes sealed change-log segments as INCREMENTAL documents
   * named {@code <firstSequence>-<lastSequence>} (stored under {@code changes/}) and checkpoints as
   * INCREMENTAL documents named {@code checkpoint-<watermark>} (stored under {@code checkpoints/});
   * everything else is a snapshot.
   */
  static ArtifactKind kindOf(AssembledSnapshot snapshot) {
    if (snapshot.backupType() == BackupType.INCREMENTAL
        && snapshot.name() != null
        && CHECKPOINT_NAME.matcher(snapshot.name()).matches()) {
      // capture's checkpoints (CheckpointWriter): stored under checkpoints/ by their watermark.
      return ArtifactKind.CHECKPOINT;
    }
    return snapshot.backupType() == BackupType.INCREMENTAL
            && snapshot.name() != null
            && CHANGE_SEGMENT_NAME.matcher(snapshot.name()).matches()
        ? ArtifactKind.CHANGE_SEGMENT
        : ArtifactKind.SNAPSHOT;
  }

  static String environmentOf(AssembledSnapshot snapshot) {
    if (snapshot.environment() != null && !snapshot.environment().isBlank()) {
      return snapshot.environment();
    }
    String tagged = snapshot.tags().get("Environment");
    return tagged == null || tagged.isBlank() ? UNKNOWN_ENVIRONMENT : tagged;
  }

  /**
   * The backup's name, as users see it in the catalog ({@code caddy-prod-20250818-1430-full.json});
   * for unnamed snapshots one in the same pattern. The repository layout adds {@code .gvx} to the
   * stored file.
   */
  static String nameOf(AssembledSnapshot snapshot) {
    String document =
        snapshot.name() != null && !snapshot.name().isBlank()
            ? snapshot.name()
            : snapshot.gatewayId()
                + "-"
                + NAME_TIME.format(snapshot.capturedAt())
                + "-"
                + snapshot.backupType().name().toLowerCase(Locale.ROOT)
                + ".json";
    return document;
  }

  private static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("This JVM provides no SHA-256 MessageDigest", e);
    }
  }
}

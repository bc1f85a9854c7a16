package io.gatevault.replicate.application;

import io.gatevault.core.event.ArtifactManifest;
import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.event.EventEnvelope;
import io.gatevault.core.event.GatevaultEvent;
import io.gatevault.core.event.ReplicaWritten;
import io.gatevault.core.event.SealedArtifact;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.ManifestDocument;
import io.gatevault.core.storage.ObjectStat;
import io.gatevault.core.storage.Sha256;
import io.gatevault.core.storage.TargetDescription;
import io.gatevault.stream.AuditTrail;
import io.gatevault.stream.Envelopes;
import io.gatevault.stream.EventPublisher;
import io.gatevault.stream.GatevaultTopics;
import io.gatevault.stream.ProcessedEvents;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes every sealed artifact to every backup target.
 *
 * <p>SealedArtifact chunks and the ArtifactManifest are staged durably ({@link ChunkStaging}) until
 * the artifact is whole. Its ciphertext is then checked against the manifest's SHA-256 and written
 * to each target: the sealed object, the wrapped data key, and the manifest last, so a manifest on
 * a target means the artifact beside it is complete. Each target that took all three gets one
 * {@link ReplicaWritten} and a SUCCESS audit ({@value #ACTION}); a target that failed gets no
 * ReplicaWritten and a FAILURE audit with the reason, so verify reports the artifact PARTIAL.
 *
 * <p>Idempotent by artifact id: targets are write-once (same bytes, no-op) and every event id is
 * derived from the artifact and target, so a redelivery duplicates nothing.
 */
public class ArtifactReplicator {

  static final String ACTION = "replica.write";
  static final String REJECTED = "artifact.rejected";

  private final List<BackupStore> targets;
  private final ChunkStaging staging;
  private final EventPublisher publisher;
  private final Envelopes envelopes;
  private final AuditTrail audit;
  private final ProcessedEvents processed;
  private final ProcessedEvents replicated;

  public ArtifactReplicator(
      List<BackupStore> targets,
      ChunkStaging staging,
      EventPublisher publisher,
      Envelopes envelopes,
      AuditTrail audit,
      ProcessedEvents processed,
      ProcessedEvents replicated) {
    this.targets = List.copyOf(targets);
    this.staging = staging;
    this.publisher = publisher;
    this.envelopes = envelopes;
    this.audit = audit;
    this.processed = processed;
    this.replicated = replicated;
  }

  /** Handles a sealed artifact chunk or an artifact manifest. */
  public void onSealedArtifact(GatevaultEvent event) {
    processed.handleOnce(event.envelope().eventId(), () -> handle(event));
  }

  private void handle(GatevaultEvent event) {
    String artifactId;
    if (event instanceof SealedArtifact chunk) {
      artifactId = chunk.artifactId();
      if (replicated.alreadyHandled(artifactId)) {
        return;
      }
      byte[] ciphertext = chunk.ciphertext().toByteArray();
      String actual = Sha256.hex(ciphertext);
      if (!actual.equals(chunk.chunkSha256())) {
        throw new IllegalArgumentException(
            "chunk "
                + chunk.chunkIndex()
                + "/"
                + chunk.chunkCount()
                + " of artifact "
                + artifactId
                + " has sha256 "
                + actual
                + " but announces "
                + chunk.chunkSha256()
                + ": the chunk was damaged and is not staged");
      }
      staging.stageChunk(artifactId, chunk.chunkIndex(), chunk.chunkCount(), ciphertext);
    } else if (event instanceof ArtifactManifest manifest) {
      artifactId = manifest.artifactId();
      if (replicated.alreadyHandled(artifactId)) {
        return;
      }
      staging.stageManifest(
          artifactId,
          ManifestDocument.from(manifest),
          manifest.wrappedDataKey() == null ? null : manifest.wrappedDataKey().toByteArray());
    } else {
      throw new IllegalArgumentException(
          "gatevault.artifacts.sealed carries SealedArtifact and ArtifactManifest only, got "
              + event.getClass().getSimpleName());
    }
    Optional<ChunkStaging.StagedArtifact> whole = staging.complete(artifactId);
    if (whole.isPresent()) {
      replicated.handleOnce(artifactId, () -> replicate(whole.get(), event.envelope()));
      staging.discard(artifactId);
    }
  }

  private void replicate(ChunkStaging.StagedArtifact artifact, EventEnvelope cause) {
    ManifestDocument manifest = artifact.manifest();
    String assembled = sha256Of(artifact);
    if (!assembled.equals(manifest.sha256())) {
      Map<String, String> detail = new LinkedHashMap<>();
      detail.put(
          "reason",
          "the staged chunks have sha256 "
              + assembled
              + " but the manifest gives "
              + manifest.sha256()
              + "; nothing was written to any target");
      audit.record(
          REJECTED,
          manifest.artifactId(),
          AuditOutcome.FAILURE,
          cause,
          manifest.gatewayId(),
          detail);
      return;
    }
    for (BackupStore target : targets) {
      writeTo(target, artifact, cause);
    }
  }

  private void writeTo(
      BackupStore target, ChunkStaging.StagedArtifact artifact, EventEnvelope cause) {
    ManifestDocument manifest = artifact.manifest();
    TargetDescription description = target.describe();
    String artifactKey = manifest.artifactKey();
    Map<String, String> detail = new LinkedHashMap<>();
    detail.put("targetId", description.targetId());
    detail.put("object", artifactKey);
    ObjectStat written;
    try {
      try (InputStream ciphertext = artifact.openCiphertext()) {
        written = target.put(artifactKey, ciphertext, manifest.sha256());
      }
      if (artifact.wrappedDataKey() != null) {
        target.put(manifest.wrappedKeyKey(), artifact.wrappedDataKey());
      } else {
        detail.put("wrappedKey", "not carried by the manifest event; no key object written");
      }
      target.put(manifest.manifestKey(), manifest.toJson());
    } catch (IOException | RuntimeException e) {
      detail.put("reason", e.getMessage() == null ? e.toString() : e.getMessage());
      audit.record(
          ACTION, manifest.artifactId(), AuditOutcome.FAILURE, cause, manifest.gatewayId(), detail);
      return;
    }
    String location = target.location(artifactKey);
    ReplicaWritten replica =
        new ReplicaWritten(
            envelopes.derived(
                "ReplicaWritten",
                cause,
                manifest.gatewayId(),
                manifest.artifactId(),
                description.targetId()),
            manifest.artifactId(),
            description.targetId(),
            description.medium(),
            description.region(),
            description.offSite(),
            description.offline(),
            location,
            written.sha256(),
            written.sizeBytes(),
            envelopes.clock().instant());
    publisher.publish(GatevaultTopics.REPLICAS, manifest.artifactId(), replica);
    detail.put("location", location);
    detail.put("sha256", written.sha256());
    audit.record(
        ACTION, manifest.artifactId(), AuditOutcome.SUCCESS, cause, manifest.gatewayId(), detail);
  }

  private static String sha256Of(ChunkStaging.StagedArtifact artifact) {
    MessageDigest digest = Sha256.newDigest();
    try (InputStream in = new DigestInputStream(artifact.openCiphertext(), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "reading the staged chunks of artifact " + artifact.manifest().artifactId() + " failed",
          e);
    }
    return Sha256.hex(digest);
  }
}

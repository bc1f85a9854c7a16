package io.gatevault.replicate.application;

import io.gatevault.core.storage.ManifestDocument;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;

/**
 * Where an artifact's chunks and manifest wait until all of them arrived. Durable, because a
 * consumed record's offset is committed once it is handled: a chunk held only in memory would be
 * lost by a crash, and its artifact never written.
 */
public interface ChunkStaging {

  /** Keeps chunk {@code index} of {@code count}; keeping the same chunk again is a no-op. */
  void stageChunk(String artifactId, int index, int count, byte[] ciphertext);

  /** Keeps the artifact's manifest and, when known, its wrapped data key. */
  void stageManifest(String artifactId, ManifestDocument manifest, byte[] wrappedDataKey);

  /** The artifact, once its manifest and every chunk are staged. */
  Optional<StagedArtifact> complete(String artifactId);

  /** Forgets everything staged for the artifact. */
  void discard(String artifactId);

  /** Forgets artifacts last touched before {@code cutoff}; returns how many. */
  int discardOlderThan(Instant cutoff);

  /**
   * A whole staged artifact.
   *
   * @param wrappedDataKey the wrapped data key, or null when the manifest did not carry one
   */
  interface StagedArtifact {
    ManifestDocument manifest();

    byte[] wrappedDataKey();

    /** The ciphertext, chunks in order; the caller closes it. */
    InputStream openCiphertext();
  }
}

package io.gatevault.replicate.application;

import io.gatevault.core.storage.ManifestDocument;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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

  /**
   * Records, durably, the targets that do not hold the whole artifact yet. Written before the first
   * target write and after each success, so a crash at any point leaves the staged artifact and the
   * targets it still owes; an empty set means every target holds it.
   */
  void recordPendingTargets(String artifactId, Set<String> targetIds);

  /** The targets the artifact still owes, or empty when no write to any target has started. */
  Optional<Set<String>> pendingTargets(String artifactId);

  /** Artifacts that are staged whole and still owe at least one target, oldest first. */
  List<String> artifactsWithPendingTargets();

  /**
   * Remembers, durably, that every target holds the artifact (or was given up on), so chunks or a
   * manifest Kafka delivers again after a restart are recognised and not staged again.
   */
  void markReplicated(String artifactId);

  /** Whether {@link #markReplicated} was recorded for the artifact (and not yet expired). */
  boolean wasReplicated(String artifactId);

  /** Forgets everything staged for the artifact. */
  void discard(String artifactId);

  /**
   * Forgets artifacts last touched before {@code cutoff} that never started replicating (their
   * chunks are gone from Kafka, so they can never complete); returns how many. An artifact pending
   * for some target is kept: it is the only copy that target can get.
   */
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

package io.gatevault.crypto.rotation;

import io.gatevault.crypto.WrappingKeyReference;

/**
 * What a running rotation tells its caller (the CLI prints it), step by step. Every method has a
 * default that does nothing; the calls come from the rotating thread.
 */
public interface RotationProgress {

  /** Reports nothing. */
  RotationProgress SILENT = new RotationProgress() {};

  /**
   * @param artifacts artifacts found on all targets
   * @param resumed an earlier run of the same rotation was interrupted and is continued
   */
  default void started(
      String rotationId, WrappingKeyReference to, int artifacts, boolean resumed) {}

  /** A new key object was written to one target. */
  default void rewrapped(String targetId, String artifactId, String keyObject) {}

  /** Every holder of the artifact had its new key object already (an earlier run wrote it). */
  default void alreadyRewrapped(String artifactId) {}

  /** The artifact has a key object newer than the rotation's target generation; left alone. */
  default void skippedNewer(String artifactId, int newestVersion) {}

  /** Every artifact has its new key object on every target holding it; retiring starts. */
  default void rewrappedEverywhere(int artifacts) {}

  /** An old key object was deleted from one target. */
  default void retired(String targetId, String keyObject) {}

  /** The rotation ended (also when there was nothing to do). */
  default void finished(RotationReport report) {}
}

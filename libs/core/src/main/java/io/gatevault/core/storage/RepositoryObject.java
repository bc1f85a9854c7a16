package io.gatevault.core.storage;

import java.time.Instant;

/**
 * An object key of the repository parsed back into its parts (see {@link RepositoryLayout#parse}).
 * Every object belongs to one environment and gateway.
 */
public sealed interface RepositoryObject {

  String environment();

  String gatewayId();

  /** The object key this value stands for, as {@link RepositoryLayout} writes it. */
  String key();

  /** A sealed snapshot: {@code snapshots/<name>.gvx}. */
  record Snapshot(String environment, String gatewayId, String name) implements RepositoryObject {
    @Override
    public String key() {
      return RepositoryLayout.snapshot(environment, gatewayId, name);
    }
  }

  /** A sealed segment of the change log: {@code changes/<first>-<last>.changes.gvx}. */
  record ChangeSegment(String environment, String gatewayId, long firstSequence, long lastSequence)
      implements RepositoryObject {
    @Override
    public String key() {
      return RepositoryLayout.changeSegment(environment, gatewayId, firstSequence, lastSequence);
    }
  }

  /**
   * A sealed checkpoint at one change-log sequence: {@code checkpoints/<watermark>.checkpoint.gvx}.
   */
  record Checkpoint(String environment, String gatewayId, long watermark)
      implements RepositoryObject {
    @Override
    public String key() {
      return RepositoryLayout.checkpoint(environment, gatewayId, watermark);
    }
  }

  /** The wrapped data key of one artifact: {@code keys/<artifactId>.<keyVersion>.key}. */
  record WrappedKey(String environment, String gatewayId, String artifactId, int keyVersion)
      implements RepositoryObject {
    @Override
    public String key() {
      return RepositoryLayout.wrappedKey(environment, gatewayId, artifactId, keyVersion);
    }
  }

  /** The plaintext-free manifest of one artifact: {@code manifests/<artifactId>.json}. */
  record Manifest(String environment, String gatewayId, String artifactId)
      implements RepositoryObject {
    @Override
    public String key() {
      return RepositoryLayout.manifest(environment, gatewayId, artifactId);
    }
  }

  /** One verification of one artifact: {@code verifications/<artifactId>/<verifiedAt>.json}. */
  record Verification(String environment, String gatewayId, String artifactId, Instant verifiedAt)
      implements RepositoryObject {
    @Override
    public String key() {
      return RepositoryLayout.verification(environment, gatewayId, artifactId, verifiedAt);
    }
  }
}

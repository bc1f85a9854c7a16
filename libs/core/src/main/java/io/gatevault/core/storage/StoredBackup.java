package io.gatevault.core.storage;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One artifact as found in storage: its manifest, where copies of it are, and how it was verified.
 *
 * @param replicas the targets holding objects of this artifact, in configuration order
 * @param verifications every verification record found on any target, oldest first, one per time
 */
public record StoredBackup(
    ManifestDocument manifest, List<Replica> replicas, List<VerificationDocument> verifications) {

  public StoredBackup {
    if (manifest == null) {
      throw new IllegalArgumentException("StoredBackup.manifest is required");
    }
    replicas = List.copyOf(replicas);
    verifications =
        verifications.stream()
            .sorted(Comparator.comparing(VerificationDocument::verifiedAt))
            .toList();
  }

  /**
   * The objects of one artifact on one target.
   *
   * @param objectKeys every key of the artifact on this target: sealed artifact, wrapped key(s),
   *     verification records and the manifest, the manifest last (prune deletes in this order, so
   *     an interrupted prune leaves a manifest that the next one finds)
   * @param complete the sealed artifact, its wrapped key and its manifest are all present
   */
  public record Replica(String targetId, List<String> objectKeys, boolean complete) {
    public Replica {
      objectKeys = List.copyOf(objectKeys);
    }
  }

  public String artifactId() {
    return manifest.artifactId();
  }

  public Instant createdAt() {
    return manifest.createdAt();
  }

  /** True when some verification proved a restorable copy of this artifact. */
  public boolean verified() {
    return verifications.stream().anyMatch(VerificationDocument::provesGoodCopy);
  }

  /** The most recent verification, if any. */
  public Optional<VerificationDocument> latestVerification() {
    return verifications.isEmpty()
        ? Optional.empty()
        : Optional.of(verifications.get(verifications.size() - 1));
  }

  public Optional<Replica> replicaOn(String targetId) {
    return replicas.stream().filter(replica -> replica.targetId().equals(targetId)).findFirst();
  }
}

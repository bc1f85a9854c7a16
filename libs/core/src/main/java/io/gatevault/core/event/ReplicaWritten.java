package io.gatevault.core.event;

import java.time.Instant;

/**
 * One copy of an artifact was written to one storage target.
 *
 * @param region region or site of the target, checked against data residency policy
 * @param offSite the target is in another site than the gateway and the primary copy
 * @param offline the target is offline or immutable (WORM, object lock)
 * @param location URI of the copy
 * @param sha256 lower-case hex SHA-256 of the bytes written
 */
public record ReplicaWritten(
    EventEnvelope envelope,
    String artifactId,
    String targetId,
    StorageMedium medium,
    String region,
    boolean offSite,
    boolean offline,
    String location,
    String sha256,
    long sizeBytes,
    Instant writtenAt)
    implements GatevaultEvent {

  public ReplicaWritten {
    Require.present(envelope, "ReplicaWritten.envelope");
    Require.nonBlank(artifactId, "ReplicaWritten.artifactId");
    Require.nonBlank(targetId, "ReplicaWritten.targetId");
    Require.present(medium, "ReplicaWritten.medium");
    Require.nonBlank(region, "ReplicaWritten.region");
    Require.nonBlank(location, "ReplicaWritten.location");
    Require.sha256Hex(sha256, "ReplicaWritten.sha256");
    Require.notNegative(sizeBytes, "ReplicaWritten.sizeBytes");
    Require.present(writtenAt, "ReplicaWritten.writtenAt");
  }
}

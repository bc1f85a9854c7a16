package io.gatevault.core.event;

import java.time.Instant;

/**
 * One copy of an artifact was deleted, or in a dry run would have been.
 *
 * @param location URI of the deleted copy
 * @param reason why, e.g. expired under retention class daily
 * @param policy the retention policy and rule that selected the copy
 * @param requestedBy the actor that requested the deletion
 */
public record DeletionRecord(
    EventEnvelope envelope,
    String artifactId,
    String targetId,
    String location,
    Instant deletedAt,
    String reason,
    String policy,
    String requestedBy,
    boolean dryRun)
    implements GatevaultEvent {

  public DeletionRecord {
    Require.present(envelope, "DeletionRecord.envelope");
    Require.nonBlank(artifactId, "DeletionRecord.artifactId");
    Require.nonBlank(targetId, "DeletionRecord.targetId");
    Require.nonBlank(location, "DeletionRecord.location");
    Require.present(deletedAt, "DeletionRecord.deletedAt");
    Require.nonBlank(reason, "DeletionRecord.reason");
    Require.nonBlank(policy, "DeletionRecord.policy");
    Require.nonBlank(requestedBy, "DeletionRecord.requestedBy");
  }
}

package io.gatevault.core.event;

/**
 * Any event Gatevault publishes. Sealed so a mapper or a dispatcher over events can be checked for
 * completeness.
 */
public sealed interface GatevaultEvent
    permits ConfigChange,
        SnapshotChunk,
        SealedArtifact,
        ArtifactManifest,
        ReplicaWritten,
        VerificationResult,
        DeletionRecord,
        Command,
        AuditRecord {

  EventEnvelope envelope();
}

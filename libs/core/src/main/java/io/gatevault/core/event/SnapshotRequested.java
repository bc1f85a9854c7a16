package io.gatevault.core.event;

import java.time.Instant;
import java.util.Map;

/**
 * Take a snapshot of the gateway now.
 *
 * @param description free text stored in the manifest, or null
 * @param tags tags added to the snapshot and its manifest
 */
public record SnapshotRequested(
    EventEnvelope envelope,
    String commandId,
    String gatewayId,
    String requestedBy,
    Instant requestedAt,
    BackupType backupType,
    String description,
    Map<String, String> tags)
    implements Command {

  public SnapshotRequested {
    Require.commandFields(
        envelope, commandId, gatewayId, requestedBy, requestedAt, "SnapshotRequested");
    Require.present(backupType, "SnapshotRequested.backupType");
    Require.nullOrNonBlank(description, "SnapshotRequested.description");
    tags = Require.stringMap(tags, "SnapshotRequested.tags");
  }
}

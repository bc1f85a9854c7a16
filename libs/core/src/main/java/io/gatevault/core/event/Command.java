package io.gatevault.core.event;

import java.time.Instant;

/**
 * A request for Gatevault to act on one gateway. The commandId is deterministic so a retried
 * request is executed once.
 */
public sealed interface Command extends GatevaultEvent
    permits SnapshotRequested, RestoreRequested, PruneRequested, VerifyRequested {

  String commandId();

  String gatewayId();

  /** The user, schedule or service that asked. */
  String requestedBy();

  Instant requestedAt();
}

package io.gatevault.capture.application;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What capture remembers about one gateway's numbering: the last version and name it recorded, and
 * which commands got the most recent versions (so a command delivered again gets its version back).
 * Immutable; {@link #assign} decides, {@link #withRecorded} returns the next state.
 *
 * @param gatewayId the gateway
 * @param lastVersion highest version recorded, 0 before the first snapshot
 * @param lastName name of the snapshot that got {@code lastVersion}, or null
 * @param recent the most recent assignments, oldest first, at most {@link #RECENT_LIMIT}
 */
public record GatewayVersionState(
    String gatewayId, int lastVersion, String lastName, List<Recorded> recent) {

  /** How many recent commands are remembered per gateway for redelivery. */
  public static final int RECENT_LIMIT = 100;

  /**
   * A version and name given to a snapshot.
   *
   * @param version 1, 2, ... per gateway
   * @param name file name of the snapshot document
   * @param alreadyRecorded true when this command's snapshot was recorded before (a redelivery)
   */
  public record Assignment(int version, String name, boolean alreadyRecorded) {}

  /** One command's recorded assignment. */
  public record Recorded(String commandId, int version, String name) {}

  public GatewayVersionState {
    if (gatewayId == null || gatewayId.isBlank()) {
      throw new IllegalArgumentException("GatewayVersionState.gatewayId must not be blank");
    }
    if (lastVersion < 0) {
      throw new IllegalArgumentException(
          "GatewayVersionState.lastVersion must be >= 0, but was " + lastVersion);
    }
    recent = List.copyOf(recent == null ? List.of() : recent);
  }

  /** The state of a gateway that has no snapshot yet. */
  public static GatewayVersionState initial(String gatewayId) {
    return new GatewayVersionState(gatewayId, 0, null, List.of());
  }

  /** What {@code commandId}'s snapshot gets; see {@link SnapshotVersions}. */
  public Assignment assign(String commandId, String proposedName) {
    Optional<Recorded> before =
        recent.stream().filter(recorded -> recorded.commandId().equals(commandId)).findFirst();
    if (before.isPresent()) {
      return new Assignment(before.get().version(), before.get().name(), true);
    }
    int version = lastVersion + 1;
    String name =
        taken(proposedName) ? SnapshotNaming.withVersion(proposedName, version) : proposedName;
    return new Assignment(version, name, false);
  }

  /**
   * Whether a recent snapshot already has {@code proposedName}, or it with a version appended: the
   * third backup in one minute must not get the first one's name back after the second got {@code
   * -v2}, nor a full backup the name of one taken before an incremental in the same minute.
   */
  private boolean taken(String proposedName) {
    String versionedPrefix = SnapshotNaming.withVersion(proposedName, 0);
    versionedPrefix = versionedPrefix.substring(0, versionedPrefix.lastIndexOf("-v") + 2);
    if (proposedName.equals(lastName)
        || (lastName != null && lastName.startsWith(versionedPrefix))) {
      return true;
    }
    for (Recorded recorded : recent) {
      if (recorded.name().equals(proposedName) || recorded.name().startsWith(versionedPrefix)) {
        return true;
      }
    }
    return false;
  }

  /** This state after {@code commandId}'s snapshot was recorded as {@code assignment}. */
  public GatewayVersionState withRecorded(String commandId, Assignment assignment) {
    if (recent.stream().anyMatch(recorded -> recorded.commandId().equals(commandId))) {
      return this;
    }
    List<Recorded> next = new ArrayList<>(recent);
    next.add(new Recorded(commandId, assignment.version(), assignment.name()));
    while (next.size() > RECENT_LIMIT) {
      next.remove(0);
    }
    boolean newest = assignment.version() > lastVersion;
    return new GatewayVersionState(
        gatewayId,
        newest ? assignment.version() : lastVersion,
        newest ? assignment.name() : lastName,
        next);
  }
}

package io.gatevault.stream;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The topic catalogue: every Gatevault topic with its key, partition count, retention and clean-up
 * policy, declared once. {@link TopicProvisioner} creates them from here; services refer to the
 * names through these constants or their binding's {@code destination}.
 *
 * <p>Raw topics carry plaintext gateway configuration, so they keep it only as long as encrypt
 * needs to seal it (one day). Records that describe what happened to artifacts (deletions, audit)
 * are kept much longer because they are the accountability trail.
 */
public final class GatevaultTopics {

  /** Retention meaning "keep forever" ({@code retention.ms=-1}). */
  public static final Duration FOREVER = Duration.ofMillis(-1);

  public static final String COMMANDS = "gatevault.commands";
  public static final String CHANGES_RAW = "gatevault.changes.raw";
  public static final String SNAPSHOTS_RAW = "gatevault.snapshots.raw";
  public static final String ARTIFACTS_SEALED = "gatevault.artifacts.sealed";
  public static final String REPLICAS = "gatevault.replicas";
  public static final String VERIFICATIONS = "gatevault.verifications";
  public static final String DELETIONS = "gatevault.deletions";
  public static final String AUDIT = "gatevault.audit";

  /**
   * Capture's own state: the last backup version given to each gateway (compacted, key gatewayId),
   * so numbering survives restarts and capture instances share it.
   */
  public static final String CAPTURE_VERSIONS = "gatevault.capture.versions";

  /**
   * Capture's change feed state: per gateway the last change sequence and the configuration it
   * leaves the gateway in (compacted, key gatewayId), so the sequence never repeats or goes back
   * after a restart and changes made while capture was down are caught.
   */
  public static final String CAPTURE_CHANGES = "gatevault.capture.changes";

  /**
   * Capture's heartbeat per gateway after each successful poll (compacted, key gatewayId): the last
   * sequence published and when the poll read the gateway, so a point-in-time restore knows until
   * when the change log is complete.
   */
  public static final String CAPTURE_HEARTBEATS = "gatevault.capture.heartbeats";

  /**
   * One topic of the catalogue.
   *
   * @param name topic name
   * @param key what the record key holds; records of one key stay ordered on one partition
   * @param partitions partition count the topic is created with
   * @param retention how long records are kept, or {@link #FOREVER}
   * @param cleanupPolicy Kafka {@code cleanup.policy}: {@code delete} or {@code compact}
   * @param contents what the records are
   */
  public record TopicSpec(
      String name,
      String key,
      int partitions,
      Duration retention,
      String cleanupPolicy,
      String contents) {

    /** Kafka topic configuration for this topic. */
    public Map<String, String> topicConfig() {
      return Map.of(
          "retention.ms", Long.toString(retention.toMillis()), "cleanup.policy", cleanupPolicy);
    }
  }

  private static final List<TopicSpec> CATALOGUE =
      List.of(
          new TopicSpec(
              COMMANDS,
              "gatewayId",
              3,
              Duration.ofDays(7),
              "delete",
              "Command: SnapshotRequested, RestoreRequested, PruneRequested"),
          new TopicSpec(
              CHANGES_RAW,
              "gatewayId",
              6,
              Duration.ofDays(1),
              "delete",
              "ConfigChange (plaintext after-images)"),
          new TopicSpec(
              SNAPSHOTS_RAW,
              "gatewayId",
              6,
              Duration.ofDays(1),
              "delete",
              "SnapshotChunk (plaintext configuration)"),
          new TopicSpec(
              ARTIFACTS_SEALED,
              "gatewayId",
              6,
              Duration.ofDays(7),
              "delete",
              "SealedArtifact chunks and ArtifactManifest"),
          new TopicSpec(REPLICAS, "artifactId", 3, Duration.ofDays(30), "delete", "ReplicaWritten"),
          new TopicSpec(
              VERIFICATIONS, "artifactId", 3, Duration.ofDays(30), "delete", "VerificationResult"),
          new TopicSpec(DELETIONS, "artifactId", 3, FOREVER, "delete", "DeletionRecord"),
          new TopicSpec(AUDIT, "actor", 3, Duration.ofDays(400), "delete", "AuditRecord"),
          new TopicSpec(
              CAPTURE_VERSIONS,
              "gatewayId",
              3,
              FOREVER,
              "compact",
              "capture's last backup version per gateway (JSON, not an event)"),
          new TopicSpec(
              CAPTURE_CHANGES,
              "gatewayId",
              3,
              FOREVER,
              "compact",
              "capture's change feed state per gateway: last sequence and configuration (JSON, not"
                  + " an event)"),
          new TopicSpec(
              CAPTURE_HEARTBEATS,
              "gatewayId",
              3,
              FOREVER,
              "compact",
              "capture's heartbeat per gateway: last sequence published and poll time (JSON, not"
                  + " an event)"));

  private GatevaultTopics() {}

  /** Every topic of the catalogue, in pipeline order. */
  public static List<TopicSpec> all() {
    return CATALOGUE;
  }

  /** The catalogue entry for a topic name, if it is one of ours. */
  public static Optional<TopicSpec> find(String name) {
    return CATALOGUE.stream().filter(spec -> spec.name().equals(name)).findFirst();
  }
}

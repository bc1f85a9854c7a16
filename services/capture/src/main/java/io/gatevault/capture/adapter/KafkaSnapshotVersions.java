package io.gatevault.capture.adapter;

import io.gatevault.capture.application.GatewayVersionState;
import io.gatevault.capture.application.SnapshotVersions;
import io.gatevault.stream.CompactedTopic;
import io.gatevault.stream.GatevaultTopics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Backup numbering kept on the compacted topic {@value GatevaultTopics#CAPTURE_VERSIONS}: one
 * record per gateway (key gatewayId, value the JSON of its {@link GatewayVersionState}), so the
 * latest state of every gateway survives compaction, restarts and a move to another capture
 * instance.
 *
 * <p>Before every assignment the store reads (with stream-support's {@link CompactedTopic}) the
 * topic up to its end, so it sees what another instance (or this one before a restart) recorded; a
 * record is written synchronously (acks=all) before the command counts as handled. The values are
 * capture's private state, not events, hence plain JSON without the schema registry. A value that
 * cannot be read is skipped with a warning (the gateway's numbering then restarts from what the
 * next readable record says).
 *
 * <p>Kafka failures surface as {@link IllegalStateException} with the cause, which the consumer
 * treats as transient and retries.
 */
public class KafkaSnapshotVersions implements SnapshotVersions, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KafkaSnapshotVersions.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final CompactedTopic topic;
  private final String topicName;
  private final Map<String, GatewayVersionState> states = new HashMap<>();

  /**
   * @param clientConfig bootstrap servers and security settings (stream-support's KafkaConnection)
   * @param timeout how long reading to the end or writing a record may take
   */
  public KafkaSnapshotVersions(Map<String, Object> clientConfig, String topic, Duration timeout) {
    this.topicName = topic;
    this.topic =
        new CompactedTopic(
            clientConfig, topic, timeout, "capture keeps backup numbers", "the command is retried");
  }

  /** Reads every gateway's numbering from the topic; called at start, and implied later. */
  public synchronized int load() {
    catchUp();
    log.info("Read backup numbering of {} gateway(s) from {}", states.size(), topicName);
    return states.size();
  }

  @Override
  public synchronized GatewayVersionState.Assignment assign(
      String gatewayId, String commandId, String proposedName) {
    catchUp();
    return stateOf(gatewayId).assign(commandId, proposedName);
  }

  @Override
  public synchronized void record(
      String gatewayId, String commandId, GatewayVersionState.Assignment assignment) {
    catchUp();
    GatewayVersionState next = stateOf(gatewayId).withRecorded(commandId, assignment);
    topic.write(
        gatewayId,
        JSON.writeValueAsBytes(next),
        "version " + assignment.version() + " of gateway " + gatewayId);
    states.put(gatewayId, next);
  }

  private GatewayVersionState stateOf(String gatewayId) {
    return states.getOrDefault(gatewayId, GatewayVersionState.initial(gatewayId));
  }

  private void catchUp() {
    topic.catchUp(this::apply);
  }

  private void apply(String gatewayId, byte[] value, String position) {
    try {
      GatewayVersionState state = JSON.readValue(value, GatewayVersionState.class);
      GatewayVersionState known = states.get(gatewayId);
      // Keep the highest numbering seen: a stale write (e.g. during a rebalance) never lowers it.
      if (known == null || state.lastVersion() >= known.lastVersion()) {
        states.put(gatewayId, state);
      }
    } catch (JacksonException | IllegalArgumentException e) {
      log.warn(
          "Skipped unreadable backup numbering for gateway {} at {}: {}",
          gatewayId,
          position,
          e.getMessage());
    }
  }

  @Override
  public synchronized void close() {
    topic.close();
  }
}

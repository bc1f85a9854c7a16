package io.gatevault.capture.adapter;

import io.gatevault.capture.application.ChangeFeedState;
import io.gatevault.capture.application.ChangeFeedStore;
import io.gatevault.capture.application.SealedSequences;
import io.gatevault.stream.CompactedTopic;
import io.gatevault.stream.GatevaultTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The change feed's state on the compacted topic {@value GatevaultTopics#CAPTURE_CHANGES}: one
 * value per gateway (key gatewayId, value the JSON of its {@link ChangeFeedState}), written
 * synchronously (acks=all) before a poll counts as done. A gateway's state is read from the topic
 * to its end the first time it is asked for, so a restarted capture (or another instance) continues
 * the sequence. The highest sequence seen wins: a stale write never lowers it.
 *
 * <p>The state holds the gateway's whole configuration, which can exceed Kafka's 1 MB record limit:
 * stream-support's {@link CompactedTopic} then writes it in chunks under a checksummed generation
 * and tombstones the older ones, and reads states written whole (by older versions, or small ones)
 * as before.
 *
 * <p>The same topic holds each gateway's sealed mark ({@link SealedSequences}): key {@value
 * #SEALED_KEY_PREFIX}{@code <gatewayId>}, value the sequence as decimal text. Gateway ids never
 * contain {@code /}, so the two kinds of record never share a key.
 *
 * <p>Kafka failures surface as {@link IllegalStateException} with the cause (transient: the next
 * poll retries).
 */
public class KafkaChangeFeedStore implements ChangeFeedStore, SealedSequences, AutoCloseable {

  /** Key prefix of a gateway's sealed mark on the topic. */
  public static final String SEALED_KEY_PREFIX = "sealed-segments/";

  private static final Logger log = LoggerFactory.getLogger(KafkaChangeFeedStore.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final CompactedTopic topic;
  private final Map<String, ChangeFeedState> states = new HashMap<>();
  private final Map<String, Long> sealedMarks = new HashMap<>();

  /**
   * @param clientConfig bootstrap servers and security settings (stream-support's KafkaConnection)
   * @param timeout how long reading to the end or writing a record may take
   */
  public KafkaChangeFeedStore(Map<String, Object> clientConfig, String topic, Duration timeout) {
    this.topic =
        new CompactedTopic(
            clientConfig,
            topic,
            timeout,
            "capture keeps the change feed's sequence",
            "the next poll retries");
  }

  @Override
  public synchronized Optional<ChangeFeedState> find(String gatewayId) {
    catchUp();
    return Optional.ofNullable(states.get(gatewayId));
  }

  @Override
  public synchronized OptionalLong sealedUpTo(String gatewayId) {
    catchUp();
    Long mark = sealedMarks.get(gatewayId);
    return mark == null ? OptionalLong.empty() : OptionalLong.of(mark);
  }

  @Override
  public synchronized void recordSealed(String gatewayId, long sequence) {
    topic.write(
        SEALED_KEY_PREFIX + gatewayId,
        Long.toString(sequence).getBytes(StandardCharsets.UTF_8),
        "sealed mark " + sequence + " of gateway " + gatewayId);
    sealedMarks.merge(gatewayId, sequence, Math::max);
  }

  @Override
  public synchronized void record(ChangeFeedState state) {
    topic.write(
        state.gatewayId(),
        JSON.writeValueAsBytes(state),
        "change sequence " + state.lastSequence() + " of gateway " + state.gatewayId());
    keepHighest(state.gatewayId(), state);
  }

  private void catchUp() {
    topic.catchUp(this::apply);
  }

  private void apply(String key, byte[] value, String position) {
    if (key.startsWith(SEALED_KEY_PREFIX)) {
      applySealedMark(key.substring(SEALED_KEY_PREFIX.length()), value, position);
      return;
    }
    try {
      keepHighest(key, JSON.readValue(value, ChangeFeedState.class));
    } catch (JacksonException | IllegalArgumentException e) {
      log.warn(
          "Skipped unreadable change feed state of gateway {} at {}: {}",
          key,
          position,
          e.getMessage());
    }
  }

  private void applySealedMark(String gatewayId, byte[] value, String position) {
    try {
      long mark = Long.parseLong(new String(value, StandardCharsets.UTF_8).trim());
      sealedMarks.merge(gatewayId, mark, Math::max);
    } catch (NumberFormatException e) {
      log.warn(
          "Skipped unreadable sealed mark of gateway {} at {}: {}",
          gatewayId,
          position,
          e.getMessage());
    }
  }

  private void keepHighest(String gatewayId, ChangeFeedState state) {
    ChangeFeedState known = states.get(gatewayId);
    if (known == null || state.lastSequence() >= known.lastSequence()) {
      states.put(gatewayId, state);
    }
  }

  @Override
  public synchronized void close() {
    topic.close();
  }
}

package io.gatevault.capture.adapter;

import io.gatevault.capture.application.ChangeLogSource;
import io.gatevault.core.event.ConfigChange;
import io.gatevault.stream.ChangeLogReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The feed's published changes as the raw changes topic holds them, read with stream-support's
 * {@link ChangeLogReader} (a sequence published twice is taken from its last publication, the one
 * the recorded state follows).
 *
 * <p>Kafka failures surface as {@link IllegalStateException} naming the topic (transient).
 */
public class KafkaChangeLog implements ChangeLogSource {

  private final ChangeLogReader reader;

  /**
   * @param clientConfig bootstrap servers and security settings (stream-support's KafkaConnection)
   * @param registryUrl the schema registry the changes were written with
   * @param timeout how long reading the topic to its end may take
   */
  public KafkaChangeLog(
      Map<String, Object> clientConfig, String registryUrl, String topic, Duration timeout) {
    this.reader =
        new ChangeLogReader(
            clientConfig, registryUrl, topic, timeout, "gatevault-capture-recovery");
  }

  @Override
  public List<ConfigChange> changesBetween(
      String gatewayId, long afterSequence, long upToSequence) {
    return reader.changesOf(gatewayId, afterSequence, upToSequence);
  }

  @Override
  public String describe() {
    return reader.describe();
  }
}

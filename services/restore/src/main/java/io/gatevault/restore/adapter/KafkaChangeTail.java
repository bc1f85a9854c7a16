package io.gatevault.restore.adapter;

import io.gatevault.core.pitr.LoggedChange;
import io.gatevault.restore.application.ChangeTail;
import io.gatevault.stream.ChangeLogReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The tail of a gateway's change log from the raw changes topic, read with stream-support's {@link
 * ChangeLogReader}: the gateway's changes above a sequence, in sequence order. Records beyond
 * retention are gone: the sealed segments in storage cover them, and a hole neither covers is
 * reported by replay.
 *
 * <p>Kafka failures surface as {@link IllegalStateException} naming the topic (transient: run the
 * restore again, or restore with {@code --from <target>} from storage alone).
 */
public class KafkaChangeTail implements ChangeTail {

  private final ChangeLogReader reader;

  /**
   * @param clientConfig bootstrap servers and security settings (stream-support's KafkaConnection)
   * @param registryUrl the schema registry the changes were written with
   * @param timeout how long reading the topic to its end may take
   */
  public KafkaChangeTail(
      Map<String, Object> clientConfig, String registryUrl, String topic, Duration timeout) {
    this.reader =
        new ChangeLogReader(clientConfig, registryUrl, topic, timeout, "gatevault-restore-tail");
  }

  @Override
  public List<LoggedChange> changesAfter(String gatewayId, long afterSequence) {
    try {
      return reader.changesOf(gatewayId, afterSequence, Long.MAX_VALUE).stream()
          .map(LoggedChange::of)
          .toList();
    } catch (IllegalStateException e) {
      throw new IllegalStateException(
          e.getMessage() + " (restore with --from <target> to work from storage alone)", e);
    }
  }

  @Override
  public String describe() {
    return reader.describe();
  }
}

package io.gatevault.capture.application;

import io.gatevault.core.event.ConfigChange;
import java.util.List;

/**
 * Port: the changes the feed published, as the raw changes topic still holds them (the Kafka
 * adapter reads {@code gatevault.changes.raw}, retention one day).
 */
public interface ChangeLogSource {

  /**
   * The gateway's changes with {@code afterSequence < sequence <= upToSequence} that are still
   * held, one per sequence, in sequence order; sequences past retention are simply absent.
   *
   * @throws IllegalStateException when the log could not be read (transient)
   */
  List<ConfigChange> changesBetween(String gatewayId, long afterSequence, long upToSequence);

  /** Where the changes are read from, for messages. */
  String describe();
}

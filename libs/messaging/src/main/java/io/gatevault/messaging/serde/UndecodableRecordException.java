package io.gatevault.messaging.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record that can never be decoded, however often it is retried: it is not in the Confluent wire
 * format, names a schema id the registry does not know, or its bytes do not match its schema. Such
 * a record is poison: route it to the dead-letter topic instead of blocking the partition.
 */
public class UndecodableRecordException extends SerializationException {

  private final transient RecordLocation location;

  public UndecodableRecordException(RecordLocation location, String message, Throwable cause) {
    super(message, cause);
    this.location = location;
  }

  public UndecodableRecordException(RecordLocation location, String message) {
    this(location, message, null);
  }

  public RecordLocation location() {
    return location;
  }
}

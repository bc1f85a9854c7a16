package io.gatevault.stream;

import io.gatevault.messaging.serde.ConfluentAvroSerializer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Value serializer of dead-letter producers. Bytes (an undecodable record's original value) are
 * written unchanged, so the DLT holds exactly what arrived; Avro records are written in the
 * Confluent wire format like everywhere else. It also adds the {@value DeadLetterReason#HEADER}
 * header that {@link DeadLetterRouter} determined (see {@link PendingDeadLetterReason}).
 */
public class DeadLetterValueSerializer implements Serializer<Object> {

  private final ConfluentAvroSerializer avro = new ConfluentAvroSerializer();

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    avro.configure(configs, isKey);
  }

  @Override
  public byte[] serialize(String topic, Object data) {
    return serialize(topic, null, data);
  }

  @Override
  public byte[] serialize(String topic, Headers headers, Object data) {
    DeadLetterReason reason = PendingDeadLetterReason.take();
    if (headers != null && reason != null && headers.lastHeader(DeadLetterReason.HEADER) == null) {
      headers.add(DeadLetterReason.HEADER, reason.label().getBytes(StandardCharsets.UTF_8));
    }
    if (data == null) {
      return null;
    }
    if (data instanceof byte[] bytes) {
      return bytes;
    }
    return avro.serialize(topic, headers, data);
  }

  @Override
  public void close() {
    avro.close();
  }
}

package io.gatevault.stream;

import io.gatevault.messaging.serde.AvroSerdeConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.stream.binder.kafka.KafkaMessageChannelBinder;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * Publishes records the listener container itself rejects (in practice: values the deserializer
 * could not read) to {@code <topic>.<group>.dlt}, with the same headers the binder writes for
 * processing failures ({@code x-original-*}, {@code x-exception-*}) plus {@value
 * DeadLetterReason#HEADER}, and the original bytes as the value.
 *
 * <p>The binder's own dead-letter path only sees failures raised while the function runs; a
 * deserialization failure is raised by the container before that, so it needs this second,
 * equivalent path.
 */
public class UndecodableRecordPublisher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(UndecodableRecordPublisher.class);

  private final KafkaConnection connection;
  private final String registryUrl;
  private final DeadLetterMetrics metrics;
  private final long sendTimeoutMillis;
  private volatile KafkaProducer<String, Object> producer;

  public UndecodableRecordPublisher(
      KafkaConnection connection,
      String registryUrl,
      DeadLetterMetrics metrics,
      long sendTimeoutMillis) {
    this.connection = connection;
    this.registryUrl = registryUrl;
    this.metrics = metrics;
    this.sendTimeoutMillis = sendTimeoutMillis;
  }

  /** Publishes {@code record} that group {@code group} failed with {@code failure}; blocks. */
  public void publish(ConsumerRecord<?, ?> record, Exception failure, String group) {
    DeadLetterReason reason = FailureClassifier.reasonFor(failure);
    String deadLetterTopic = DeadLetterTopics.nameFor(record.topic(), group);
    DeserializationException undecodable = findDeserializationFailure(failure);
    Object value = undecodable != null ? undecodable.getData() : record.value();
    Headers headers = new RecordHeaders();
    for (Header header : record.headers()) {
      if (!header.key().equals(SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER)
          && !header.key().equals(SerializationUtils.KEY_DESERIALIZER_EXCEPTION_HEADER)) {
        headers.add(header);
      }
    }
    Throwable cause = undecodable != null ? undecodable : failure;
    headers.add(KafkaMessageChannelBinder.X_ORIGINAL_TOPIC, utf8(record.topic()));
    headers.add(
        KafkaMessageChannelBinder.X_ORIGINAL_PARTITION,
        ByteBuffer.allocate(Integer.BYTES).putInt(record.partition()).array());
    headers.add(
        KafkaMessageChannelBinder.X_ORIGINAL_OFFSET,
        ByteBuffer.allocate(Long.BYTES).putLong(record.offset()).array());
    headers.add(
        KafkaMessageChannelBinder.X_ORIGINAL_TIMESTAMP,
        ByteBuffer.allocate(Long.BYTES).putLong(record.timestamp()).array());
    headers.add(
        KafkaMessageChannelBinder.X_ORIGINAL_TIMESTAMP_TYPE, utf8(record.timestampType().name()));
    headers.add(KafkaMessageChannelBinder.X_EXCEPTION_FQCN, utf8(cause.getClass().getName()));
    headers.add(KafkaMessageChannelBinder.X_EXCEPTION_MESSAGE, utf8(messageOf(cause)));
    headers.add(KafkaMessageChannelBinder.X_EXCEPTION_STACKTRACE, utf8(stackTrace(cause)));
    headers.add(DeadLetterReason.HEADER, utf8(reason.label()));
    Object key = record.key();
    ProducerRecord<String, Object> deadLetter =
        new ProducerRecord<>(
            deadLetterTopic,
            record.partition(),
            key == null ? null : key.toString(),
            value,
            headers);
    try {
      producer().send(deadLetter).get(sendTimeoutMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("Interrupted while dead-lettering to " + deadLetterTopic, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new KafkaException(
          "Could not write "
              + record.topic()
              + "-"
              + record.partition()
              + "@"
              + record.offset()
              + " to dead-letter topic "
              + deadLetterTopic
              + ": "
              + e.getMessage()
              + ". Check that the topic exists and Kafka is reachable; the record will be tried"
              + " again.",
          e);
    }
    metrics.recordDeadLetter(record.topic(), group, reason);
    log.warn(
        "Dead-lettered {}-{}@{} to {}: {} ({})",
        record.topic(),
        record.partition(),
        record.offset(),
        deadLetterTopic,
        reason.label(),
        DeadLetterRouter.rootMessage(cause));
  }

  private KafkaProducer<String, Object> producer() {
    KafkaProducer<String, Object> current = producer;
    if (current == null) {
      synchronized (this) {
        if (producer == null) {
          Map<String, Object> config = new HashMap<>(connection.clientConfig());
          config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
          config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, DeadLetterValueSerializer.class);
          config.put(ProducerConfig.ACKS_CONFIG, "all");
          config.put(ProducerConfig.CLIENT_ID_CONFIG, "gatevault-dead-letters");
          config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
          producer = new KafkaProducer<>(config);
        }
        current = producer;
      }
    }
    return current;
  }

  private static DeserializationException findDeserializationFailure(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof DeserializationException deserialization) {
        return deserialization;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
  }

  private static String messageOf(Throwable failure) {
    StringBuilder message = new StringBuilder(String.valueOf(failure.getMessage()));
    Throwable cause = failure.getCause();
    if (cause != null && cause != failure && cause.getMessage() != null) {
      message.append("; ").append(cause.getMessage());
    }
    return message.toString();
  }

  private static String stackTrace(Throwable failure) {
    StringWriter trace = new StringWriter();
    failure.printStackTrace(new PrintWriter(trace));
    return trace.toString();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    KafkaProducer<String, Object> current = producer;
    if (current != null) {
      current.close(java.time.Duration.ofSeconds(5));
    }
  }
}

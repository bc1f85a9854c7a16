package io.gatevault.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's durable state: a single-partition compacted Kafka topic holding one record per
 * schema version and per compatibility setting. Keys and values are JSON shaped like Confluent's
 * {@code _schemas} records, so compaction keeps exactly the latest state of each key.
 *
 * <p>Every append waits for acknowledgement by all in-sync replicas before the registry answers, so
 * an id the registry handed out is never lost by a restart.
 */
final class SchemaLog implements AutoCloseable {

  /** Receives the entries of the log in order while it is replayed. */
  interface Replay {
    void schema(StoredSchema schema);

    /** A compatibility setting; {@code subject} empty for the global one. */
    void config(Optional<String> subject, Compatibility level);
  }

  private static final Logger log = LoggerFactory.getLogger(SchemaLog.class);

  private final String topic;
  private final short replicationFactor;
  private final Map<String, Object> clientProperties;
  private final Duration timeout;
  private final ObjectMapper json = new ObjectMapper();
  private KafkaProducer<String, String> producer;

  SchemaLog(
      String bootstrapServers,
      String topic,
      short replicationFactor,
      Map<String, Object> extraClientProperties,
      Duration timeout) {
    this.topic = topic;
    this.replicationFactor = replicationFactor;
    this.timeout = timeout;
    Map<String, Object> properties = new HashMap<>(extraClientProperties);
    properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    this.clientProperties = Map.copyOf(properties);
  }

  String topic() {
    return topic;
  }

  /** Creates the topic if missing, checks it has one partition, and opens the writer. */
  void open() {
    try (Admin admin = Admin.create(clientProperties)) {
      ensureTopic(admin);
    }
    Map<String, Object> producerProperties = new HashMap<>(clientProperties);
    producerProperties.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProperties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerProperties.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    producerProperties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
    producerProperties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    producerProperties.put(
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
    producerProperties.put(ProducerConfig.CLIENT_ID_CONFIG, "gatevault-schema-registry-writer");
    producer =
        new KafkaProducer<>(producerProperties, new StringSerializer(), new StringSerializer());
  }

  private void ensureTopic(Admin admin) {
    try {
      Optional<TopicDescription> existing = describe(admin);
      if (existing.isPresent()) {
        checkExisting(admin, existing.get());
      } else {
        create(admin);
      }
    } catch (ExecutionException | TimeoutException e) {
      throw unreachable("prepare the schema topic", e.getCause() == null ? e : e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while preparing the schema topic", e);
    }
  }

  private Optional<TopicDescription> describe(Admin admin)
      throws InterruptedException, ExecutionException, TimeoutException {
    try {
      return Optional.of(
          admin
              .describeTopics(Set.of(topic))
              .allTopicNames()
              .get(timeoutMs(), TimeUnit.MILLISECONDS)
              .get(topic));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private void create(Admin admin) throws InterruptedException {
    NewTopic newTopic =
        new NewTopic(topic, 1, replicationFactor)
            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    try {
      admin.createTopics(List.of(newTopic)).all().get(timeoutMs(), TimeUnit.MILLISECONDS);
      log.info(
          "Created schema topic '{}' (compacted, 1 partition, replication factor {})",
          topic,
          replicationFactor);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException(
            "Could not create the schema topic '"
                + topic
                + "' with replication factor "
                + replicationFactor
                + ": "
                + e.getCause().getMessage()
                + ". Create it yourself (1 partition, cleanup.policy=compact) or choose a"
                + " replication factor the cluster can satisfy.",
            e.getCause());
      }
    } catch (TimeoutException e) {
      throw unreachable("create the schema topic", e);
    }
  }

  private void checkExisting(Admin admin, TopicDescription description)
      throws ExecutionException, InterruptedException, TimeoutException {
    if (description.partitions().size() != 1) {
      throw new IllegalStateException(
          "Schema topic '"
              + topic
              + "' has "
              + description.partitions().size()
              + " partitions; it must have exactly one so that schema ids are replayed in the"
              + " order they were given. Point the registry at another topic.");
    }
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Config config =
        admin
            .describeConfigs(List.of(resource))
            .all()
            .get(timeoutMs(), TimeUnit.MILLISECONDS)
            .get(resource);
    String policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
    if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
      // Not fatal, but with delete retention the registry would forget schemas when segments age.
      log.warn(
          "Schema topic '{}' has cleanup.policy={}; set it to compact, or old schemas will be"
              + " deleted by retention and ids will be lost on restart",
          topic,
          policy);
    }
  }

  /** Reads the whole topic from the beginning to its current end. */
  void replay(Replay replay) {
    Map<String, Object> consumerProperties = new HashMap<>(clientProperties);
    consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerProperties.put(ConsumerConfig.CLIENT_ID_CONFIG, "gatevault-schema-registry-reader");
    TopicPartition partition = new TopicPartition(topic, 0);
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            consumerProperties, new StringDeserializer(), new StringDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
      long deadline = System.nanoTime() + timeout.toNanos();
      int applied = 0;
      while (consumer.position(partition, timeout) < end) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Could not read schema topic '"
                  + topic
                  + "' to its end (offset "
                  + end
                  + ") within "
                  + timeout
                  + "; check that the broker is healthy.");
        }
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          apply(record, replay);
          applied++;
        }
      }
      log.info("Replayed {} record(s) from schema topic '{}'", applied, topic);
    }
  }

  private void apply(ConsumerRecord<String, String> record, Replay replay) {
    try {
      JsonNode key = json.readTree(record.key());
      String keyType = key.path("keytype").asText();
      if (record.value() == null) {
        return;
      }
      JsonNode value = json.readTree(record.value());
      switch (keyType) {
        case "SCHEMA" -> {
          if (!value.path("deleted").asBoolean(false)) {
            replay.schema(
                new StoredSchema(
                    value.path("subject").asText(),
                    value.path("version").asInt(),
                    value.path("id").asInt(),
                    value.path("schema").asText()));
          }
        }
        case "CONFIG" -> {
          Optional<String> subject =
              key.path("subject").isTextual()
                  ? Optional.of(key.path("subject").asText())
                  : Optional.empty();
          Compatibility.parse(value.path("compatibilityLevel").asText(null))
              .ifPresent(level -> replay.config(subject, level));
        }
        default ->
            log.warn(
                "Ignoring record at offset {} of schema topic '{}' with unknown key type '{}'",
                record.offset(),
                topic,
                keyType);
      }
    } catch (IOException | NullPointerException e) {
      log.warn(
          "Ignoring unreadable record at offset {} of schema topic '{}': {}",
          record.offset(),
          topic,
          e.toString());
    }
  }

  void appendSchema(StoredSchema schema) {
    ObjectNode key = json.createObjectNode();
    key.put("keytype", "SCHEMA");
    key.put("subject", schema.subject());
    key.put("version", schema.version());
    key.put("magic", 1);
    ObjectNode value = json.createObjectNode();
    value.put("subject", schema.subject());
    value.put("version", schema.version());
    value.put("id", schema.id());
    value.put("schema", schema.schema());
    value.put("deleted", false);
    append(key.toString(), value.toString());
  }

  void appendConfig(Optional<String> subject, Compatibility level) {
    ObjectNode key = json.createObjectNode();
    key.put("keytype", "CONFIG");
    if (subject.isPresent()) {
      key.put("subject", subject.get());
    } else {
      key.putNull("subject");
    }
    key.put("magic", 0);
    ObjectNode value = json.createObjectNode();
    value.put("compatibilityLevel", level.name());
    append(key.toString(), value.toString());
  }

  private void append(String key, String value) {
    try {
      producer.send(new ProducerRecord<>(topic, 0, key, value)).get();
    } catch (ExecutionException e) {
      throw RegistryError.storeError(
          "Could not write to schema topic '"
              + topic
              + "': "
              + e.getCause().getMessage()
              + ". Check that the Kafka cluster is reachable and the topic has in-sync replicas.",
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw RegistryError.storeError("Interrupted while writing to schema topic " + topic, e);
    }
  }

  private long timeoutMs() {
    return timeout.toMillis();
  }

  private IllegalStateException unreachable(String action, Throwable cause) {
    return new IllegalStateException(
        "Could not "
            + action
            + " '"
            + topic
            + "' at "
            + clientProperties.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)
            + ": "
            + cause
            + ". Check that Kafka is running and the bootstrap servers are right.",
        cause);
  }

  @Override
  public void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
  }
}

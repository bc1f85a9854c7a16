package io.gatevault.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerIT {

  @TempDir Path dataDir;

  @Test
  void topicsAndRecordsSurviveARestartOnTheSameDataDirectory() throws Exception {
    String bootstrap;
    try (EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.builder().dataDirectory(dataDir).build().start()) {
      bootstrap = broker.bootstrapServers();
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
        admin.createTopics(List.of(new NewTopic("durable", 1, (short) 1))).all().get();
      }
      try (KafkaProducer<String, String> producer = producer(bootstrap)) {
        producer.send(new ProducerRecord<>("durable", "k", "kept")).get();
      }
    }

    try (EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.builder().dataDirectory(dataDir).build().start()) {
      assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
        assertThat(admin.listTopics().names().get()).contains("durable");
      }
      assertThat(readAll(broker.bootstrapServers(), "durable")).containsExactly("kept");
    }
  }

  @Test
  void aTemporaryBrokerRemovesItsDataOnClose() {
    Path dir;
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
      dir = broker.dataDirectory();
      assertThat(dir).exists();
      assertThat(broker.bootstrapServers()).startsWith("127.0.0.1:");
    }
    assertThat(dir).doesNotExist();
  }

  private static KafkaProducer<String, String> producer(String bootstrap) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
        new StringSerializer(),
        new StringSerializer());
  }

  private static List<String> readAll(String bootstrap, String topic) {
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(Set.of(topic));
      long deadline = System.currentTimeMillis() + 20_000;
      while (System.currentTimeMillis() < deadline) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
        if (!records.isEmpty()) {
          return records.records(topic).iterator().hasNext()
              ? java.util.stream.StreamSupport.stream(records.records(topic).spliterator(), false)
                  .map(r -> r.value())
                  .toList()
              : List.of();
        }
      }
      return List.of();
    }
  }
}

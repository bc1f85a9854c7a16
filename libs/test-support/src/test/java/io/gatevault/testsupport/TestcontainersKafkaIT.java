package io.gatevault.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Runs only where a Docker engine is present; skipped (and reported as skipped) elsewhere. The same
 * behaviour is covered everywhere by {@link SharedKafkaIT} on the in-JVM broker.
 */
@Testcontainers(disabledWithoutDocker = true)
class TestcontainersKafkaIT {

  @Container static final KafkaContainer KAFKA = new KafkaContainer(SharedKafka.KAFKA_IMAGE);

  @Test
  void aContainerBrokerCreatesTopics() throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.getBootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic("tc-topic", 1, (short) 1))).all().get();
      assertThat(admin.listTopics().names().get()).contains("tc-topic");
    }
  }
}

package io.gatevault.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class SharedKafkaIT {

  @Test
  void theSharedBrokerIsStartedOnceAndCreatesTopics() throws Exception {
    String first = SharedKafka.bootstrapServers();
    assertThat(SharedKafka.bootstrapServers()).isSameAs(first);
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", first))) {
      admin.createTopics(List.of(new NewTopic("shared-topic", 1, (short) 1))).all().get();
      assertThat(admin.listTopics().names().get()).contains("shared-topic");
    }
  }
}

package io.gatevault.stream;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.tls.PlaintextRefusedException;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class PlaintextConnectionsTest {

  private static MockEnvironment service(String brokers, String registryUrl) {
    return new MockEnvironment()
        .withProperty("spring.cloud.stream.kafka.binder.brokers", brokers)
        .withProperty("gatevault.registry.url", registryUrl);
  }

  private static void check(MockEnvironment environment) {
    PlaintextConnections.check(environment, KafkaConnection.from(environment));
  }

  @Test
  void loopbackKafkaAndRegistryNeedNoOptIn() {
    assertThatCode(() -> check(service("127.0.0.1:9092", "http://127.0.0.1:8081")))
        .doesNotThrowAnyException();
  }

  @Test
  void plaintextKafkaOnAnotherMachineIsRefusedNamingTheOptIn() {
    assertThatThrownBy(() -> check(service("kafka.internal:9092", "https://registry:8081")))
        .isInstanceOf(PlaintextRefusedException.class)
        .hasMessageContaining("kafka.internal:9092")
        .hasMessageContaining("gatevault.tls.kafka.allow-plaintext");
  }

  @Test
  void httpRegistryOnAnotherMachineIsRefusedNamingTheOptIn() {
    assertThatThrownBy(() -> check(service("127.0.0.1:9092", "http://schema-registry:8081")))
        .isInstanceOf(PlaintextRefusedException.class)
        .hasMessageContaining("http://schema-registry:8081")
        .hasMessageContaining("gatevault.tls.registry.allow-plaintext");
  }

  @Test
  void theOptInsAllowPlaintextAsDockerComposeSetsThem() {
    MockEnvironment compose =
        service("kafka:9092", "http://schema-registry:8081")
            .withProperty("gatevault.tls.kafka.allow-plaintext", "true")
            .withProperty("gatevault.tls.registry.allow-plaintext", "true");
    assertThatCode(() -> check(compose)).doesNotThrowAnyException();
  }

  @Test
  void kafkaOverSslNeedsNoOptIn() {
    MockEnvironment ssl =
        service("kafka.internal:9093", "https://registry:8081")
            .withProperty(
                "spring.cloud.stream.kafka.binder.configuration.security.protocol", "SSL");
    assertThatCode(() -> check(ssl)).doesNotThrowAnyException();
  }
}

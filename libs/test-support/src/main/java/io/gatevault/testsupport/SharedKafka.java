package io.gatevault.testsupport;

import io.gatevault.kafka.embedded.EmbeddedKafkaBroker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * One real Kafka broker shared by every test in a JVM.
 *
 * <p>When a Docker engine is reachable the broker is a Testcontainers {@code apache/kafka}
 * container; otherwise (as on the project's build machines) it is the in-JVM KRaft broker that the
 * embedded default also uses. Either way it is real Kafka, started once, stopped at JVM exit. Force
 * one with {@code -Dgatevault.test.kafka=embedded|testcontainers}.
 */
public final class SharedKafka {

  /** Image used when Docker is present; matches the kafka-clients version the build uses. */
  public static final String KAFKA_IMAGE = "apache/kafka:4.1.2";

  private static final Logger log = LoggerFactory.getLogger(SharedKafka.class);
  private static volatile String bootstrapServers;

  private SharedKafka() {}

  /** Starts the shared broker on first use and returns its bootstrap servers. */
  public static String bootstrapServers() {
    String current = bootstrapServers;
    if (current != null) {
      return current;
    }
    synchronized (SharedKafka.class) {
      if (bootstrapServers == null) {
        bootstrapServers = start();
      }
      return bootstrapServers;
    }
  }

  /** Which kind of broker backs this JVM's tests: {@code embedded} or {@code testcontainers}. */
  public static String kind() {
    String forced = System.getProperty("gatevault.test.kafka", "");
    if (!forced.isBlank()) {
      return forced;
    }
    return dockerAvailable() ? "testcontainers" : "embedded";
  }

  public static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static String start() {
    String kind = kind();
    if ("testcontainers".equals(kind)) {
      KafkaContainer container = new KafkaContainer(KAFKA_IMAGE);
      container.start();
      Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "shared-kafka-stop"));
      log.info(
          "Shared test Kafka: Testcontainers {} at {}",
          KAFKA_IMAGE,
          container.getBootstrapServers());
      return container.getBootstrapServers();
    }
    if (!"embedded".equals(kind)) {
      throw new IllegalArgumentException(
          "gatevault.test.kafka must be 'embedded' or 'testcontainers', got '" + kind + "'");
    }
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start();
    Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "shared-kafka-stop"));
    log.info(
        "Shared test Kafka: in-JVM KRaft broker at {} (no Docker engine)",
        broker.bootstrapServers());
    return broker.bootstrapServers();
  }
}

package io.gatevault.testsupport;

import io.gatevault.kafka.embedded.EmbeddedKafkaBroker;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
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

  /**
   * Creates a compacted topic with a fresh name on the shared broker ({@code
   * cleanup.policy=compact}, replication factor 1), as Gatevault's state topics are.
   *
   * @return its name, {@code <prefix>.<random UUID>}
   */
  public static String newCompactedTopic(String prefix, int partitions) {
    String topic = prefix + "." + UUID.randomUUID();
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(topic, partitions, (short) 1)
                      .configs(Map.of("cleanup.policy", "compact"))))
          .all()
          .get(30, TimeUnit.SECONDS);
      return topic;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Could not create topic " + topic + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topic " + topic, e);
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

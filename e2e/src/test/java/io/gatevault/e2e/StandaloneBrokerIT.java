package io.gatevault.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.e2e.harness.ProcessHarness;
import io.gatevault.e2e.harness.StandaloneBroker;
import io.gatevault.stream.GatevaultTopics;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
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
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The broker of {@code infra/kafka/broker.sh}, as its own process, behaves like Kafka. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class StandaloneBrokerIT {

  // Removed by JUnit after @AfterAll has stopped the broker.
  @TempDir static Path dataDirectory;

  private static ProcessHarness harness;
  private static StandaloneBroker broker;

  @BeforeAll
  static void startBroker() {
    harness = new ProcessHarness();
    broker = StandaloneBroker.start(harness, dataDirectory);
  }

  @AfterAll
  static void stopBroker() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void brokerRunsAsItsOwnProcessWithItsLogInTheDataDirectory() {
    long pid = broker.pid().orElseThrow();
    ProcessHandle process = ProcessHandle.of(pid).orElseThrow();

    assertThat(pid).isNotEqualTo(ProcessHandle.current().pid());
    assertThat(process.isAlive()).isTrue();
    assertThat(process.info().commandLine().orElse("")).contains("kafka.Kafka");
    assertThat(broker.dataDirectory().resolve("broker.log"))
        .content()
        .contains("Kafka Server started");
  }

  @Test
  void brokerAcceptsConnectionsOnLoopbackOnly() throws IOException {
    int port = Integer.parseInt(broker.bootstrapServers().split(":")[1]);
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
      assertThat(socket.isConnected()).isTrue();
    }
    for (InetAddress address : nonLoopbackAddresses()) {
      assertThatThrownBy(
              () -> {
                try (Socket socket = new Socket()) {
                  socket.connect(new InetSocketAddress(address, port), 2_000);
                }
              })
          .as("the broker must not listen on %s", address)
          .isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void brokerAcceptsProducedRecordsAndServesThemToConsumers() throws Exception {
    String topic = "e2e.produce-consume";
    createTopic(topic);
    List<String> sent = IntStream.range(0, 20).mapToObj(i -> "record-" + i).toList();

    produce(topic, sent);

    assertThat(consumeAll(topic, sent.size())).containsExactlyElementsOf(sent);
  }

  @Test
  void brokerKeepsTopicsAndRecordsAcrossStopAndStartOnTheSameDataDirectory() throws Exception {
    String topic = "e2e.durable";
    createTopic(topic);
    List<String> sent = IntStream.range(0, 50).mapToObj(i -> "durable-" + i).toList();
    produce(topic, sent);
    long pidBefore = broker.pid().orElseThrow();

    broker.stop();
    assertThat(ProcessHandle.of(pidBefore).filter(ProcessHandle::isAlive)).isEmpty();
    assertThat(broker.isRunning()).isFalse();
    broker.start();

    assertThat(broker.pid()).isPresent().get().isNotEqualTo(pidBefore);
    try (Admin admin = admin()) {
      assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(topic);
    }
    assertThat(consumeAll(topic, sent.size())).containsExactlyElementsOf(sent);
  }

  @Test
  void topicsScriptCreatesEveryGatevaultTopicWithItsRetentionAndCanRunAgain() throws Exception {
    assertThat(runTopicsScript()).contains("created gatevault.commands");

    try (Admin admin = admin()) {
      for (GatevaultTopics.TopicSpec spec : GatevaultTopics.all()) {
        TopicDescription topic =
            admin
                .describeTopics(List.of(spec.name()))
                .allTopicNames()
                .get(30, TimeUnit.SECONDS)
                .get(spec.name());
        assertThat(topic.partitions())
            .as("partitions of %s", spec.name())
            .hasSize(spec.partitions());
        Config config = topicConfig(admin, spec.name());
        assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value())
            .as("retention.ms of %s", spec.name())
            .isEqualTo(Long.toString(spec.retention().toMillis()));
        assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
            .as("cleanup.policy of %s", spec.name())
            .isEqualTo(spec.cleanupPolicy());
      }
      assertThat(
              admin
                  .describeTopics(List.of("_gatevault_schemas"))
                  .allTopicNames()
                  .get(30, TimeUnit.SECONDS)
                  .get("_gatevault_schemas")
                  .partitions())
          .hasSize(1);
      assertThat(
              topicConfig(admin, "_gatevault_schemas")
                  .get(TopicConfig.CLEANUP_POLICY_CONFIG)
                  .value())
          .isEqualTo("compact");
    }

    // A second run converges settings instead of failing on existing topics.
    assertThat(runTopicsScript()).contains("kept    gatevault.audit");
  }

  private static String runTopicsScript() {
    Path script = ProcessHarness.repositoryRoot().resolve("infra/kafka/topics.sh");
    ProcessHarness.StartedProcess run =
        harness.start(
            "topics-sh-" + System.nanoTime(),
            List.of("bash", script.toString(), "--bootstrap-server", broker.bootstrapServers()),
            Map.of(),
            ProcessHarness.repositoryRoot());
    assertThat(run.awaitExit(Duration.ofSeconds(90)))
        .as("topics.sh exit code; output:%n%s", run.output())
        .isZero();
    return run.output();
  }

  private static Config topicConfig(Admin admin, String topic) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
  }

  private static void createTopic(String topic) throws Exception {
    try (Admin admin = admin()) {
      admin
          .createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  private static Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            broker.bootstrapServers(),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            30_000));
  }

  private static void produce(String topic, List<String> values) throws Exception {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
      for (String value : values) {
        producer.send(new ProducerRecord<>(topic, "gateway-1", value)).get(30, TimeUnit.SECONDS);
      }
    }
  }

  /** Reads the single partition from the start until {@code expected} records arrived. */
  private static List<String> consumeAll(String topic, int expected) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<String> received = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (received.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          received.add(record.value());
        }
      }
    }
    return received;
  }

  private static List<InetAddress> nonLoopbackAddresses() throws IOException {
    List<InetAddress> addresses = new ArrayList<>();
    for (NetworkInterface networkInterface :
        Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (networkInterface.isUp() && !networkInterface.isLoopback()) {
        for (InetAddress address : Collections.list(networkInterface.getInetAddresses())) {
          if (address instanceof Inet4Address) {
            addresses.add(address);
          }
        }
      }
    }
    return addresses;
  }
}

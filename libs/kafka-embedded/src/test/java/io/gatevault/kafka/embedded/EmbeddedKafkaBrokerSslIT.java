package io.gatevault.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.tls.KafkaTlsProperties;
import io.gatevault.tls.TestCertificates;
import io.gatevault.tls.TlsMaterial;
import io.gatevault.tls.TlsSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLSocket;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The in-JVM KRaft broker with an SSL listener; clients configured by KafkaTlsProperties. */
class EmbeddedKafkaBrokerSslIT {

  private static final TestCertificates CERTS = TestCertificates.shared();

  private static EmbeddedKafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    broker =
        EmbeddedKafkaBroker.builder()
            .sslListener(
                new EmbeddedKafkaBroker.SslListener(
                    CERTS.serverKeyStore(), "PKCS12", TestCertificates.PASSWORD),
                0)
            .build()
            .start();
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void aRecordGoesThroughTheSslListenerWithTheConfiguredTrustStore() throws Exception {
    Map<String, Object> ssl = ssl(CERTS.clientSettings("kafka.tls"));
    try (Admin admin = Admin.create(ssl)) {
      admin.createTopics(List.of(new NewTopic("tls-topic", 1, (short) 1))).all().get();
    }
    Map<String, Object> producerConfig = new HashMap<>(ssl);
    producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
      producer.send(new ProducerRecord<>("tls-topic", "caddy-1", "encrypted in transit")).get();
    }

    Map<String, Object> consumerConfig = new HashMap<>(ssl);
    consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "tls-reader");
    consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig)) {
      consumer.subscribe(List.of("tls-topic"));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (values.isEmpty() && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          values.add(record.value());
        }
      }
    }
    assertThat(values).containsExactly("encrypted in transit");
  }

  @Test
  void theSslListenerNegotiatesTls13() throws Exception {
    TlsMaterial material = TlsMaterial.load(CERTS.clientSettings("kafka.tls"), name -> null);
    String[] hostPort = broker.sslBootstrapServers().split(":");
    try (SSLSocket socket =
        (SSLSocket)
            material
                .context()
                .getSocketFactory()
                .createSocket(hostPort[0], Integer.parseInt(hostPort[1]))) {
      socket.setSSLParameters(material.parameters());
      socket.startHandshake();

      assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
    }
  }

  @Test
  void withoutTheTrustStoreTheBrokerCertificateIsRefused() {
    Map<String, Object> ssl = ssl(TlsSettings.jvmDefaults("kafka.tls"));
    ssl.put("default.api.timeout.ms", 10_000);
    ssl.put("request.timeout.ms", 5_000);
    try (Admin admin = Admin.create(ssl)) {
      assertThatThrownBy(() -> admin.listTopics().names().get())
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(SslAuthenticationException.class);
    }
  }

  @Test
  void aBrokerRequiringClientCertificatesAcceptsTheConfiguredKeyStoreAndRefusesNone()
      throws Exception {
    try (EmbeddedKafkaBroker mutual =
        EmbeddedKafkaBroker.builder()
            .sslListener(
                new EmbeddedKafkaBroker.SslListener(
                    CERTS.serverKeyStore(),
                    "PKCS12",
                    TestCertificates.PASSWORD,
                    CERTS.trustStore()),
                0)
            .build()
            .start()) {
      Map<String, Object> withCertificate =
          new HashMap<>(
              KafkaTlsProperties.of(
                  CERTS.clientSettings("kafka.tls").withKeyStore(CERTS.clientKeyStoreFile()),
                  name -> null));
      withCertificate.put("bootstrap.servers", mutual.sslBootstrapServers());
      try (Admin admin = Admin.create(withCertificate)) {
        admin.createTopics(List.of(new NewTopic("mtls", 1, (short) 1))).all().get();
        assertThat(admin.listTopics().names().get()).contains("mtls");
      }

      Map<String, Object> without =
          new HashMap<>(KafkaTlsProperties.of(CERTS.clientSettings("kafka.tls"), name -> null));
      without.put("bootstrap.servers", mutual.sslBootstrapServers());
      without.put("default.api.timeout.ms", 10_000);
      without.put("request.timeout.ms", 5_000);
      try (Admin admin = Admin.create(without)) {
        assertThatThrownBy(() -> admin.listTopics().names().get())
            .isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(SslAuthenticationException.class);
      }
    }
  }

  private static Map<String, Object> ssl(TlsSettings settings) {
    Map<String, Object> config = new HashMap<>(KafkaTlsProperties.of(settings, name -> null));
    config.put("bootstrap.servers", broker.sslBootstrapServers());
    return config;
  }
}

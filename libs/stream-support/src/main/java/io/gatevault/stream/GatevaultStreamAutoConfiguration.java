package io.gatevault.stream;

import io.gatevault.messaging.mapping.EventMappers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.stream.annotation.StreamRetryTemplate;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

/**
 * What every Gatevault service gets from depending on stream-support: validated shared settings,
 * the topic catalogue provisioned, bounded retries for transient failures only, dead letters with
 * reasons and a metric, and the idempotency ledger's capacity. Serde and binder defaults come from
 * {@link StreamDefaultsEnvironmentPostProcessor}.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
    })
@EnableConfigurationProperties(GatevaultProperties.class)
public class GatevaultStreamAutoConfiguration {

  /** A registry for the dead-letter counter when the application brings no metrics export. */
  @Bean
  @ConditionalOnMissingBean(MeterRegistry.class)
  SimpleMeterRegistry gatevaultMeterRegistry() {
    return new SimpleMeterRegistry();
  }

  @Bean
  DeadLetterMetrics deadLetterMetrics(MeterRegistry registry) {
    return new DeadLetterMetrics(registry);
  }

  @Bean
  DeadLetterRouter deadLetterRouter(
      GatevaultProperties properties,
      DeadLetterMetrics metrics,
      ObjectProvider<AuditTrail> auditTrail) {
    DeadLetterRouter router = new DeadLetterRouter(properties.serviceName(), metrics);
    router.auditWith(auditTrail);
    return router;
  }

  /**
   * Retries transient failures only, with exponential back-off, up to {@code
   * gatevault.stream.max-attempts} attempts in all; a permanent failure is recovered
   * (dead-lettered) at once. This is the only retry layer for consumed records.
   */
  @Bean
  @StreamRetryTemplate
  RetryTemplate gatevaultRetryTemplate(GatevaultProperties properties) {
    GatevaultProperties.Stream stream = properties.stream();
    return new RetryTemplate(
        RetryPolicy.builder()
            .maxRetries(Math.max(0, stream.maxAttempts() - 1))
            .delay(stream.backOffInitial())
            .multiplier(2.0)
            .maxDelay(stream.backOffMax())
            .predicate(FailureClassifier::isTransient)
            .build());
  }

  @Bean
  @ConditionalOnMissingBean
  Clock gatevaultClock() {
    return Clock.systemUTC();
  }

  @Bean
  @ConditionalOnMissingBean
  EventMappers eventMappers() {
    return new EventMappers();
  }

  @Bean
  @ConditionalOnMissingBean(EventPublisher.class)
  StreamBridgeEventPublisher eventPublisher(
      StreamBridge streamBridge, EventMappers mappers, KafkaEventBatches batches) {
    return new StreamBridgeEventPublisher(streamBridge, mappers, batches);
  }

  /**
   * The producer behind {@link EventPublisher#publishAll}: the binder's client configuration and
   * producer properties (serializers, registry, TLS), so it writes exactly what the binder would.
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  KafkaEventBatches kafkaEventBatches(
      KafkaConnection connection, Environment environment, EventMappers mappers) {
    Map<String, Object> config = new HashMap<>(connection.clientConfig());
    config.putAll(
        Binder.get(environment)
            .bind(
                "spring.cloud.stream.kafka.binder.producer-properties",
                Bindable.mapOf(String.class, String.class))
            .orElse(Map.of()));
    // A topic's own producer settings (spring.cloud.stream.kafka.bindings.<topic>.producer
    // .configuration), as StreamBridge applies them to that destination.
    Map<String, Map<String, Object>> perTopic = new HashMap<>();
    for (GatevaultTopics.TopicSpec topic : GatevaultTopics.all()) {
      Map<String, String> overrides =
          Binder.get(environment)
              .bind(
                  "spring.cloud.stream.kafka.bindings[" + topic.name() + "].producer.configuration",
                  Bindable.mapOf(String.class, String.class))
              .orElse(Map.of());
      if (!overrides.isEmpty()) {
        perTopic.put(topic.name(), Map.copyOf(overrides));
      }
    }
    return new KafkaEventBatches(config, perTopic, mappers, Duration.ofSeconds(30));
  }

  @Bean
  Envelopes envelopes(GatevaultProperties properties, Clock clock) {
    return new Envelopes(properties.serviceName(), clock);
  }

  @Bean
  AuditTrail auditTrail(EventPublisher publisher, Envelopes envelopes) {
    return new AuditTrail(publisher, envelopes);
  }

  @Bean
  KafkaConnection gatevaultKafkaConnection(Environment environment) {
    KafkaConnection connection = KafkaConnection.from(environment);
    PlaintextConnections.check(environment, connection);
    return connection;
  }

  @Bean(destroyMethod = "close")
  UndecodableRecordPublisher undecodableRecordPublisher(
      KafkaConnection connection, GatevaultProperties properties, DeadLetterMetrics metrics) {
    return new UndecodableRecordPublisher(connection, properties.registry().url(), metrics, 30_000);
  }

  @Bean
  DeadLetterContainerCustomizer deadLetterContainerCustomizer(
      UndecodableRecordPublisher publisher, GatevaultProperties properties) {
    return new DeadLetterContainerCustomizer(publisher, properties.stream().backOffMax());
  }

  @Bean
  @ConditionalOnBooleanProperty(name = "gatevault.stream.enabled", matchIfMissing = true)
  TopicProvisioner gatevaultTopicProvisioner(
      KafkaConnection connection, GatevaultProperties properties) {
    return new TopicProvisioner(connection, properties.stream().provisioningTimeout());
  }
}

package io.gatevault.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class StreamSupportContextTest {

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class ServiceWithOneConsumer {
    @Bean
    Consumer<String> listen() {
      return value -> {};
    }
  }

  private static SpringApplicationBuilder service(String... properties) {
    return new SpringApplicationBuilder(ServiceWithOneConsumer.class)
        .web(WebApplicationType.NONE)
        .properties("spring.cloud.stream.kafka.binder.brokers=127.0.0.1:1")
        .properties(properties);
  }

  @Test
  void contextWithStreamingDisabledStartsAtOnceWithoutKafka() {
    long started = System.nanoTime();
    try (ConfigurableApplicationContext context =
        service(
                "gatevault.service-name=probe",
                "gatevault.stream.enabled=false",
                "spring.cloud.stream.bindings.listen-in-0.destination=gatevault.commands")
            .run()) {
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
      assertThat(context.getBean(GatevaultProperties.class).serviceName()).isEqualTo("probe");
      assertThat(context.getBeansOfType(TopicProvisioner.class)).isEmpty();
    }
  }

  @Test
  void defaultsWireTheConfluentSerdeGroupAndDeadLetterTopic() {
    try (ConfigurableApplicationContext context =
        service(
                "spring.application.name=probe",
                "gatevault.stream.enabled=false",
                "spring.cloud.stream.bindings.listen-in-0.destination=gatevault.commands")
            .run()) {
      var environment = context.getEnvironment();
      assertThat(environment.getProperty("spring.cloud.stream.default.group")).isEqualTo("probe");
      assertThat(
              environment.getProperty(
                  "spring.cloud.stream.kafka.binder.producer-properties.value.serializer"))
          .isEqualTo("io.gatevault.messaging.serde.ConfluentAvroSerializer");
      assertThat(
              environment.getProperty(
                  "spring.cloud.stream.kafka.binder.consumer-properties.value.deserializer"))
          .isEqualTo("org.springframework.kafka.support.serializer.ErrorHandlingDeserializer");
      assertThat(
              environment.getProperty(
                  "spring.cloud.stream.kafka.bindings.listen-in-0.consumer.dlq-name"))
          .isEqualTo("gatevault.commands.probe.dlt");
    }
  }

  @Test
  void missingRegistryUrlFailsAtStartNamingTheSettingAndTheFix() {
    assertThatThrownBy(() -> service("gatevault.service-name=probe").run().close())
        .rootCause()
        .hasMessageContaining("gatevault.registry.url")
        .hasMessageContaining("http://127.0.0.1:8081");
  }

  @Test
  void malformedRegistryUrlFailsAtStart() {
    assertThatThrownBy(
            () ->
                service(
                        "gatevault.service-name=probe",
                        "gatevault.stream.enabled=false",
                        "gatevault.registry.url=localhost:8081")
                    .run()
                    .close())
        .rootCause()
        .hasMessageContaining("absolute http(s) URL");
  }
}

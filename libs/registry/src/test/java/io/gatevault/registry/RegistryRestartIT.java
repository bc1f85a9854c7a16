package io.gatevault.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.messaging.registry.CompatibilityLevel;
import io.gatevault.messaging.registry.RestSchemaRegistryClient;
import io.gatevault.testsupport.SharedKafka;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class RegistryRestartIT {

  private static final String ROUTE =
      "{\"type\":\"record\",\"name\":\"Route\",\"fields\":[{\"name\":\"path\",\"type\":\"string\"}]}";
  private static final String SERVICE =
      "{\"type\":\"record\",\"name\":\"Service\",\"fields\":[{\"name\":\"host\",\"type\":\"string\"}]}";
  private static final String SERVICE_V2 =
      "{\"type\":\"record\",\"name\":\"Service\",\"fields\":[{\"name\":\"host\",\"type\":\"string\"},"
          + "{\"name\":\"port\",\"type\":\"int\",\"default\":80}]}";

  private EmbeddedSchemaRegistry registry(String topic) {
    return EmbeddedSchemaRegistry.builder()
        .bootstrapServers(SharedKafka.bootstrapServers())
        .topic(topic)
        .build();
  }

  @Test
  void restartedRegistryKeepsIdsSubjectsVersionsAndConfig() {
    String topic = "_gatevault_schemas_restart_" + UUID.randomUUID();
    int routeId;
    int serviceId;
    int serviceV2Id;
    try (EmbeddedSchemaRegistry first = registry(topic)) {
      RestSchemaRegistryClient client = RestSchemaRegistryClient.forUrls(first.start());
      routeId = client.register("routes-value", ROUTE);
      serviceId = client.register("services-value", SERVICE);
      serviceV2Id = client.register("services-value", SERVICE_V2);
      client.setSubjectCompatibility("services-value", CompatibilityLevel.FULL);
      client.setGlobalCompatibility(CompatibilityLevel.FORWARD);
    }

    try (EmbeddedSchemaRegistry second = registry(topic)) {
      RestSchemaRegistryClient client = RestSchemaRegistryClient.forUrls(second.start());

      assertThat(client.subjects()).containsExactly("routes-value", "services-value");
      assertThat(client.versions("services-value")).containsExactly(1, 2);
      assertThat(client.lookup("routes-value", ROUTE).id()).isEqualTo(routeId);
      assertThat(client.version("services-value", 1).id()).isEqualTo(serviceId);
      assertThat(client.latestVersion("services-value").id()).isEqualTo(serviceV2Id);
      assertThat(new Schema.Parser().parse(client.schemaById(serviceV2Id)))
          .isEqualTo(new Schema.Parser().parse(SERVICE_V2));
      assertThat(client.subjectCompatibility("services-value")).isEqualTo(CompatibilityLevel.FULL);
      assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.FORWARD);
      assertThat(client.register("routes-value", ROUTE)).isEqualTo(routeId);
    }
  }

  @Test
  void idsKeepIncreasingAfterARestart() {
    String topic = "_gatevault_schemas_restart_" + UUID.randomUUID();
    int before;
    try (EmbeddedSchemaRegistry first = registry(topic)) {
      RestSchemaRegistryClient client = RestSchemaRegistryClient.forUrls(first.start());
      client.register("a-value", ROUTE);
      before = client.register("b-value", SERVICE);
    }
    try (EmbeddedSchemaRegistry second = registry(topic)) {
      RestSchemaRegistryClient client = RestSchemaRegistryClient.forUrls(second.start());

      assertThat(client.register("c-value", SERVICE_V2)).isGreaterThan(before);
    }
  }
}

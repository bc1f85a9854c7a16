package io.gatevault.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.messaging.registry.CompatibilityLevel;
import io.gatevault.messaging.registry.CompatibilityResult;
import io.gatevault.messaging.registry.IncompatibleSchemaException;
import io.gatevault.messaging.registry.RestSchemaRegistryClient;
import io.gatevault.testsupport.SharedKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the embedded registry promises beyond the cross-registry contract. */
class EmbeddedRegistryBehaviourIT {

  private static final String V1 =
      "{\"type\":\"record\",\"name\":\"Plugin\",\"fields\":[{\"name\":\"name\",\"type\":\"string\"}]}";
  private static final String V2_NEW_FIELD_NO_DEFAULT =
      "{\"type\":\"record\",\"name\":\"Plugin\",\"fields\":[{\"name\":\"name\",\"type\":\"string\"},"
          + "{\"name\":\"enabled\",\"type\":\"boolean\"}]}";
  private static final String V2_DROPPED_FIELD =
      "{\"type\":\"record\",\"name\":\"Plugin\",\"fields\":[]}";

  private static EmbeddedSchemaRegistry registry;
  private static String url;
  private static RestSchemaRegistryClient client;

  @BeforeAll
  static void start() {
    registry =
        EmbeddedSchemaRegistry.builder()
            .bootstrapServers(SharedKafka.bootstrapServers())
            .topic("_gatevault_schemas_behaviour_" + UUID.randomUUID())
            .build();
    url = registry.start();
    client = RestSchemaRegistryClient.forUrls(url);
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  @Test
  void incompatibleSchemaIsRefusedWithReasons() {
    client.register("plugins-value", V1);

    assertThatThrownBy(() -> client.register("plugins-value", V2_NEW_FIELD_NO_DEFAULT))
        .isInstanceOf(IncompatibleSchemaException.class)
        .hasMessageContaining("subject \"plugins-value\"")
        .hasMessageContaining("compatibility BACKWARD")
        .hasMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE at /fields/1")
        .hasMessageContaining("field 'enabled' has no default");
  }

  @Test
  void incompatibleRegistrationAnswersHttp409WithErrorCode409() throws Exception {
    client.register("raw-value", V1);
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url + "/subjects/raw-value/versions"))
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"schema\":" + quote(V2_NEW_FIELD_NO_DEFAULT) + "}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(response.body()).contains("\"error_code\":409");
    assertThat(response.headers().firstValue("Content-Type"))
        .contains("application/vnd.schemaregistry.v1+json");
  }

  @Test
  void verboseCompatibilityCheckNamesEachIncompatibility() {
    client.register("checked-value", V1);
    client.setSubjectCompatibility("checked-value", CompatibilityLevel.FORWARD);

    CompatibilityResult result = client.checkCompatibility("checked-value", V2_DROPPED_FIELD);

    assertThat(result.compatible()).isFalse();
    assertThat(result.messages())
        .singleElement()
        .asString()
        .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
        .contains("field 'name'")
        .contains("version 1 reading data written with the new schema");
  }

  @Test
  void transitiveLevelChecksEveryEarlierVersion() {
    String v1 =
        "{\"type\":\"record\",\"name\":\"T\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}";
    String v2 = "{\"type\":\"record\",\"name\":\"T\",\"fields\":[]}";
    String v3 =
        "{\"type\":\"record\",\"name\":\"T\",\"fields\":[{\"name\":\"a\",\"type\":\"string\","
            + "\"default\":\"x\"}]}";
    client.setSubjectCompatibility("transitive-value", CompatibilityLevel.BACKWARD_TRANSITIVE);
    client.register("transitive-value", v1);
    client.register("transitive-value", v2);

    assertThatThrownBy(() -> client.register("transitive-value", v3))
        .isInstanceOf(IncompatibleSchemaException.class)
        .hasMessageContaining("TYPE_MISMATCH")
        .hasMessageContaining("version 1");
  }

  @Test
  void sameSchemaUnderAnotherSubjectSharesItsIdAndNewSchemasGetHigherIds() {
    int first = client.register("shared-a-value", V1);
    int again = client.register("shared-b-value", V1.replace(",", " , "));
    int next =
        client.register(
            "shared-c-value",
            "{\"type\":\"record\",\"name\":\"Fresh\",\"fields\":[{\"name\":\"x\",\"type\":\"long\"}]}");

    assertThat(again).isEqualTo(first);
    assertThat(next).isGreaterThan(first);
  }

  @Test
  void registryAnswersUnknownEndpointsWith404AndAnErrorCode() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url + "/nothing/here")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("\"error_code\":404");
  }

  @Test
  void protobufSchemasAreRejectedAsInvalid() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url + "/subjects/proto-value/versions"))
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.body()).contains("42201").contains("only AVRO");
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}

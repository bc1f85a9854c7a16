package io.gatevault.messaging.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RestSchemaRegistryClientTest {

  private static final String SCHEMA =
      "{\"type\":\"record\",\"name\":\"Ping\",\"fields\":[{\"name\":\"n\",\"type\":\"int\"}]}";

  private final ScriptedHttpServer server = new ScriptedHttpServer();

  @AfterEach
  void stop() {
    server.close();
  }

  private RestSchemaRegistryClient client() {
    return new RestSchemaRegistryClient(
        SchemaRegistryClientSettings.forUrls(server.url())
            .withRetries(3, Duration.ofMillis(5), Duration.ofMillis(20)));
  }

  @Test
  void serverErrorsAreRetriedUntilTheRegistryAnswers() {
    server
        .then(500, "{\"error_code\":50001,\"message\":\"store error\"}")
        .then(503, "")
        .then(200, "{\"id\":7}");

    assertThat(client().register("orders-value", SCHEMA)).isEqualTo(7);
    assertThat(server.requests()).hasSize(3);
  }

  @Test
  void persistentServerErrorsEndAsRetriableUnavailableNamingTheUrl() {
    assertThatThrownBy(() -> client().subjects())
        .isInstanceOf(SchemaRegistryUnavailableException.class)
        .hasMessageContaining(server.url())
        .hasMessageContaining("3 attempt(s)")
        .hasMessageContaining("50001")
        .satisfies(e -> assertThat(((SchemaRegistryException) e).isRetriable()).isTrue());
  }

  @Test
  void unreachableRegistryIsUnavailableAndSaysWhatToCheck() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    RestSchemaRegistryClient unreachable =
        new RestSchemaRegistryClient(
            SchemaRegistryClientSettings.forUrls("http://127.0.0.1:" + closedPort)
                .withRetries(2, Duration.ofMillis(5), Duration.ofMillis(10)));

    assertThatThrownBy(() -> unreachable.schemaById(1))
        .isInstanceOf(SchemaRegistryUnavailableException.class)
        .hasMessageContaining("http://127.0.0.1:" + closedPort)
        .hasMessageContaining("Check that the registry is running");
  }

  @Test
  void clientErrorsAreNotRetried() {
    server.then(404, "{\"error_code\":40401,\"message\":\"Subject 'x' not found.\"}");

    assertThatThrownBy(() -> client().latestVersion("x"))
        .isInstanceOf(SubjectNotFoundException.class)
        .satisfies(e -> assertThat(((SchemaRegistryException) e).isRetriable()).isFalse());
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void registryErrorCodesMapToTheirOwnExceptions() {
    server
        .then(404, "{\"error_code\":40402,\"message\":\"Version not found.\"}")
        .then(404, "{\"error_code\":40403,\"message\":\"Schema not found\"}")
        .then(422, "{\"error_code\":42201,\"message\":\"Invalid schema\"}")
        .then(422, "{\"error_code\":42203,\"message\":\"Invalid compatibility level\"}")
        .then(409, "{\"error_code\":409,\"message\":\"READER_FIELD_MISSING_DEFAULT_VALUE: x\"}")
        .then(401, "{\"error_code\":401,\"message\":\"Unauthorized\"}");
    RestSchemaRegistryClient client = client();

    assertThatThrownBy(() -> client.version("s", 9)).isInstanceOf(VersionNotFoundException.class);
    assertThatThrownBy(() -> client.schemaById(99)).isInstanceOf(SchemaNotFoundException.class);
    assertThatThrownBy(() -> client.register("s", "{")).isInstanceOf(InvalidSchemaException.class);
    assertThatThrownBy(() -> client.setGlobalCompatibility(CompatibilityLevel.FULL))
        .isInstanceOf(InvalidCompatibilityLevelException.class);
    assertThatThrownBy(() -> client.register("s", SCHEMA))
        .isInstanceOf(IncompatibleSchemaException.class)
        .hasMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE: x");
    assertThatThrownBy(client::subjects)
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("basic.auth.user.info");
  }

  @Test
  void answersWithUnknownFieldsAndSchemaTypeAreAccepted() {
    server.then(
        200,
        "{\"subject\":\"s\",\"version\":2,\"id\":5,\"schemaType\":\"AVRO\",\"schema\":"
            + "\"\\\"string\\\"\",\"references\":[],\"metadata\":null,\"ruleSet\":null}");

    assertThat(client().latestVersion("s"))
        .isEqualTo(new RegisteredSchema("s", 2, 5, "\"string\""));
  }

  @Test
  void avroSchemasAreSentWithoutSchemaTypeInTheRegistryMediaType() {
    server.then(200, "{\"id\":1}");

    client().register("a b/c", SCHEMA);

    ScriptedHttpServer.Request request = server.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/subjects/a%20b%2Fc/versions");
    assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
    assertThat(request.body()).doesNotContain("schemaType").contains("\"schema\"");
  }

  @Test
  void basicAuthenticationIsSentWhenConfigured() {
    server.then(200, "[]");
    new RestSchemaRegistryClient(
            SchemaRegistryClientSettings.forUrls(server.url()).withBasicAuth("alice:secret"))
        .subjects();

    assertThat(server.requests().get(0).authorization()).isEqualTo("Basic YWxpY2U6c2VjcmV0");
  }

  @Test
  void registeredIdsAndSchemasAreCachedSoTheRegistryIsAskedOnce() {
    server.then(200, "{\"id\":3}");
    RestSchemaRegistryClient client = client();

    assertThat(client.register("s", SCHEMA)).isEqualTo(3);
    assertThat(client.register("s", SCHEMA)).isEqualTo(3);
    assertThat(client.schemaById(3)).isEqualTo(SCHEMA);
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void compatibilityConfigIsReadFromEitherFieldName() {
    server.then(200, "{\"compatibilityLevel\":\"NONE\"}").then(200, "{\"compatibility\":\"FULL\"}");
    RestSchemaRegistryClient client = client();

    assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.NONE);
    assertThat(client.subjectCompatibility("s")).isEqualTo(CompatibilityLevel.FULL);
    assertThat(server.requests().get(1).path()).isEqualTo("/config/s?defaultToGlobal=true");
  }

  @Test
  void verboseCompatibilityCheckReturnsTheRegistryReasons() {
    server.then(200, "{\"is_compatible\":false,\"messages\":[\"field 'x' has no default\"]}");

    CompatibilityResult result = client().checkCompatibility("s", SCHEMA);

    assertThat(result.compatible()).isFalse();
    assertThat(result.messages()).containsExactly("field 'x' has no default");
    assertThat(server.requests().get(0).path())
        .isEqualTo("/compatibility/subjects/s/versions/latest?verbose=true");
  }
}

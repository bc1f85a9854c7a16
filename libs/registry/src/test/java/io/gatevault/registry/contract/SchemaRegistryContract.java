package io.gatevault.registry.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.messaging.registry.CompatibilityLevel;
import io.gatevault.messaging.registry.CompatibilityResult;
import io.gatevault.messaging.registry.IncompatibleSchemaException;
import io.gatevault.messaging.registry.InvalidSchemaException;
import io.gatevault.messaging.registry.RegisteredSchema;
import io.gatevault.messaging.registry.RestSchemaRegistryClient;
import io.gatevault.messaging.registry.SchemaNotFoundException;
import io.gatevault.messaging.registry.SchemaRegistryClientSettings;
import io.gatevault.messaging.registry.SubjectNotFoundException;
import io.gatevault.messaging.registry.VersionNotFoundException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What Gatevault needs from any Confluent-compatible schema registry, exercised through {@link
 * RestSchemaRegistryClient}. Each test uses fresh subjects, so the suite can run against a shared
 * registry that already holds other schemas.
 */
public abstract class SchemaRegistryContract {

  protected static final String V1 =
      "{\"type\":\"record\",\"name\":\"Route\",\"namespace\":\"io.gatevault.contract\",\"fields\":["
          + "{\"name\":\"path\",\"type\":\"string\"}]}";

  /** V1 plus a field with a default: BACKWARD compatible. */
  protected static final String V2_WITH_DEFAULT =
      "{\"type\":\"record\",\"name\":\"Route\",\"namespace\":\"io.gatevault.contract\",\"fields\":["
          + "{\"name\":\"path\",\"type\":\"string\"},"
          + "{\"name\":\"methods\",\"type\":\"string\",\"default\":\"GET\"}]}";

  /** V1 plus a field without a default: not BACKWARD compatible. */
  protected static final String V2_WITHOUT_DEFAULT =
      "{\"type\":\"record\",\"name\":\"Route\",\"namespace\":\"io.gatevault.contract\",\"fields\":["
          + "{\"name\":\"path\",\"type\":\"string\"},"
          + "{\"name\":\"upstream\",\"type\":\"string\"}]}";

  protected RestSchemaRegistryClient client;
  private String subjectPrefix;

  /** Base URL of the registry under test. */
  protected abstract String registryUrl();

  @BeforeEach
  void connect() {
    client =
        new RestSchemaRegistryClient(
            SchemaRegistryClientSettings.forUrls(registryUrl())
                .withRetries(2, Duration.ofMillis(50), Duration.ofMillis(200)));
    subjectPrefix = "contract-" + UUID.randomUUID().toString().substring(0, 8) + "-";
  }

  protected String subject(String name) {
    return subjectPrefix + name;
  }

  /** A subject whose compatibility is BACKWARD whatever the registry's default (Apicurio: NONE). */
  protected String backwardSubject(String name) {
    String subject = subject(name);
    client.setSubjectCompatibility(subject, CompatibilityLevel.BACKWARD);
    return subject;
  }

  @Test
  void registeringTheSameSchemaTwiceReturnsTheSameId() {
    String subject = subject("same");
    int first = client.register(subject, V1);
    RestSchemaRegistryClient freshClient = RestSchemaRegistryClient.forUrls(registryUrl());

    assertThat(freshClient.register(subject, V1)).isEqualTo(first);
    assertThat(freshClient.versions(subject)).containsExactly(1);
  }

  @Test
  void lookupReturnsIdAndVersionOfARegisteredSchema() {
    String subject = subject("lookup");
    int id = client.register(subject, V1);

    RegisteredSchema found = RestSchemaRegistryClient.forUrls(registryUrl()).lookup(subject, V1);

    assertThat(found.id()).isEqualTo(id);
    assertThat(found.version()).isEqualTo(1);
    assertThat(found.subject()).isEqualTo(subject);
    assertThat(new Schema.Parser().parse(found.schema())).isEqualTo(new Schema.Parser().parse(V1));
  }

  @Test
  void lookupOfAnUnregisteredSchemaIsSchemaNotFound() {
    String subject = subject("lookup-missing");
    client.register(subject, V1);

    assertThatThrownBy(() -> client.lookup(subject, V2_WITH_DEFAULT))
        .isInstanceOf(SchemaNotFoundException.class);
  }

  @Test
  void lookupInAnUnknownSubjectIsSubjectNotFound() {
    assertThatThrownBy(() -> client.lookup(subject("never-registered"), V1))
        .isInstanceOf(SubjectNotFoundException.class);
  }

  @Test
  void schemaByIdReturnsTheRegisteredSchema() {
    int id = client.register(subject("by-id"), V2_WITH_DEFAULT);

    String schema = RestSchemaRegistryClient.forUrls(registryUrl()).schemaById(id);

    assertThat(new Schema.Parser().parse(schema))
        .isEqualTo(new Schema.Parser().parse(V2_WITH_DEFAULT));
  }

  @Test
  void unknownSchemaIdIsSchemaNotFound() {
    assertThatThrownBy(() -> client.schemaById(2_000_000_000))
        .isInstanceOf(SchemaNotFoundException.class)
        .hasMessageContaining("40403");
  }

  @Test
  void latestVersionIsTheNewestRegistration() {
    String subject = backwardSubject("latest");
    int first = client.register(subject, V1);
    int second = client.register(subject, V2_WITH_DEFAULT);

    RegisteredSchema latest = client.latestVersion(subject);

    assertThat(second).isNotEqualTo(first);
    assertThat(latest.version()).isEqualTo(2);
    assertThat(latest.id()).isEqualTo(second);
    assertThat(client.version(subject, 1).id()).isEqualTo(first);
    assertThat(client.versions(subject)).containsExactly(1, 2);
  }

  @Test
  void unknownVersionIsVersionNotFound() {
    String subject = subject("versions");
    client.register(subject, V1);

    assertThatThrownBy(() -> client.version(subject, 42))
        .isInstanceOf(VersionNotFoundException.class);
  }

  @Test
  void latestVersionOfAnUnknownSubjectIsSubjectNotFound() {
    assertThatThrownBy(() -> client.latestVersion(subject("nobody")))
        .isInstanceOf(SubjectNotFoundException.class);
  }

  @Test
  void subjectListIncludesEveryRegisteredSubject() {
    client.register(subject("listed-a"), V1);
    client.register(subject("listed-b"), V1);

    assertThat(client.subjects()).contains(subject("listed-a"), subject("listed-b"));
  }

  @Test
  void compatibleEvolutionIsAcceptedUnderBackward() {
    String subject = backwardSubject("evolves");
    client.register(subject, V1);

    assertThat(client.checkCompatibility(subject, V2_WITH_DEFAULT).compatible()).isTrue();
    client.register(subject, V2_WITH_DEFAULT);
    assertThat(client.versions(subject)).containsExactly(1, 2);
  }

  @Test
  void incompatibleSchemaIsRefusedUnderBackward() {
    String subject = backwardSubject("refuses");
    client.register(subject, V1);

    assertThatThrownBy(() -> client.register(subject, V2_WITHOUT_DEFAULT))
        .isInstanceOf(IncompatibleSchemaException.class)
        .hasMessageContaining("409");
    assertThat(client.versions(subject)).containsExactly(1);
  }

  @Test
  void compatibilityCheckReportsAnIncompatibleSchema() {
    String subject = backwardSubject("check");
    client.register(subject, V1);

    CompatibilityResult result = client.checkCompatibility(subject, V2_WITHOUT_DEFAULT);

    assertThat(result.compatible()).isFalse();
  }

  @Test
  void subjectCompatibilityOverridesTheGlobalLevel() {
    String subject = subject("config");
    client.register(subject, V1);
    client.setSubjectCompatibility(subject, CompatibilityLevel.FULL);

    assertThat(client.subjectCompatibility(subject)).isEqualTo(CompatibilityLevel.FULL);
  }

  @Test
  void subjectWithoutItsOwnLevelFollowsTheGlobalLevel() {
    String subject = subject("inherits");
    client.register(subject, V1);

    assertThat(client.subjectCompatibility(subject)).isEqualTo(client.globalCompatibility());
  }

  @Test
  void globalCompatibilityCanBeChangedAndRead() {
    CompatibilityLevel original = client.globalCompatibility();
    CompatibilityLevel other =
        original == CompatibilityLevel.FULL ? CompatibilityLevel.BACKWARD : CompatibilityLevel.FULL;
    try {
      client.setGlobalCompatibility(other);
      assertThat(client.globalCompatibility()).isEqualTo(other);
    } finally {
      client.setGlobalCompatibility(original);
    }
  }

  @Test
  void invalidSchemaIsRejectedAsInvalid() {
    assertThatThrownBy(
            () ->
                client.register(
                    subject("invalid"), "{\"type\":\"record\",\"name\":\"Broken\",\"fields\":7}"))
        .isInstanceOf(InvalidSchemaException.class)
        .hasMessageContaining("42201");
  }

  @Test
  void unknownCompatibilityLevelIsRejectedWithErrorCode42203() throws Exception {
    String subject = subject("bad-level");
    client.register(subject, V1);
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(registryUrl().replaceAll("/$", "") + "/config/" + subject))
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"SOMETIMES\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.body()).contains("42203");
  }
}

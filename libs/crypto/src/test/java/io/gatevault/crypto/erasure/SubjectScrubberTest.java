package io.gatevault.crypto.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.core.config.CanonicalJson;
import io.gatevault.core.config.ConfigEntity;
import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.config.SensitiveDataClassifier;
import io.gatevault.core.config.SensitiveFieldRule;
import io.gatevault.core.config.SensitiveKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubjectScrubberTest {

  @Test
  void aConsumerEntityNamedByTheSubjectGoesWithTheCredentialsThatPointAtIt() {
    ConfigSnapshot kong =
        ConfigSnapshot.of(
            "kong-prod",
            "kong",
            List.of(
                entity("consumer", "c-1", "alice", Map.of(), "{\"username\":\"alice\"}"),
                entity("consumer", "c-2", "bob", Map.of(), "{\"username\":\"bob\"}"),
                entity(
                    "basicauth_credential",
                    "k-1",
                    null,
                    Map.of("consumer", "consumer/c-1"),
                    "{\"password\":\"hash-1\"}"),
                entity(
                    "basicauth_credential",
                    "k-2",
                    null,
                    Map.of("consumer", "consumer/c-2"),
                    "{\"password\":\"hash-2\"}")),
            CanonicalJson.parse(
                "{\"consumers\":[{\"id\":\"c-1\",\"username\":\"alice\"},"
                    + "{\"id\":\"c-2\",\"username\":\"bob\"}]}"));

    SubjectScrubber.Result result = SubjectScrubber.scrub(kong.toDocument(), "alice");

    assertThat(result.clean()).isTrue();
    assertThat(result.removedPaths())
        .containsExactlyInAnyOrder(
            "entities/consumer/c-1",
            "entities/basicauth_credential/k-1",
            "nativeConfig/consumers/0");
    ConfigSnapshot after = ConfigSnapshot.fromDocument(result.document());
    assertThat(after.entities())
        .extracting(ConfigEntity::key)
        .containsExactly("basicauth_credential/k-2", "consumer/c-2");
    assertThat(new String(result.document(), StandardCharsets.UTF_8))
        .doesNotContain("alice")
        .doesNotContain("hash-1")
        .contains("hash-2");
  }

  @Test
  void aValueOrMemberNamedByTheSubjectIsRemovedAndItsPathDoesNotSpellIt() {
    byte[] document =
        "{\"route\":{\"owner\":\"alice\"},\"quotas\":{\"alice\":10,\"bob\":5},\"allow\":[\"alice\",\"bob\"]}"
            .getBytes(StandardCharsets.UTF_8);

    SubjectScrubber.Result result = SubjectScrubber.scrub(document, "alice");

    assertThat(result.clean()).isTrue();
    assertThat(result.removedPaths())
        .containsExactlyInAnyOrder("route/owner", "quotas/(subject)", "allow/0")
        .noneMatch(path -> path.contains("alice"));
    assertThat(new String(result.document(), StandardCharsets.UTF_8))
        .isEqualTo("{\"allow\":[\"bob\"],\"quotas\":{\"bob\":5},\"route\":{}}");
  }

  @Test
  void aCredentialBesideTheSubjectOutsideAListIsLeftForReviewNotHalfRemoved() {
    // Spring Cloud Gateway's BasicAuth filter: one user and their hash in the filter's args.
    byte[] document =
        ("{\"routes\":[{\"id\":\"admin\",\"filters\":[{\"name\":\"BasicAuth\","
                + "\"args\":{\"user\":\"alice\",\"hash\":\"{bcrypt}secret-hash\"}}]}]}")
            .getBytes(StandardCharsets.UTF_8);

    SubjectScrubber.Result result = SubjectScrubber.scrub(document, "alice");

    assertThat(result.containsSubject()).isTrue();
    assertThat(result.clean()).isFalse();
    assertThat(result.residualPaths()).containsExactly("routes/0/filters/0/args/user");
    assertThat(new String(result.document(), StandardCharsets.UTF_8)).contains("secret-hash");
  }

  @Test
  void theSubjectInsideLongerTextIsReportedAsResidualNotGuessedAway() {
    byte[] document =
        "{\"routes\":[{\"path\":\"/users/alice/*\"}],\"accounts\":[{\"username\":\"alice\"}]}"
            .getBytes(StandardCharsets.UTF_8);

    SubjectScrubber.Result result = SubjectScrubber.scrub(document, "alice");

    assertThat(result.containsSubject()).isTrue();
    assertThat(result.clean()).isFalse();
    assertThat(result.removedPaths()).containsExactly("accounts/0");
    assertThat(result.residualPaths()).containsExactly("routes/0/path");
  }

  @Test
  void aDocumentWithoutTheSubjectComesBackByteForByte() {
    byte[] document = "{\"accounts\":[{\"username\":\"bob\"}]}".getBytes(StandardCharsets.UTF_8);

    SubjectScrubber.Result result = SubjectScrubber.scrub(document, "alice");

    assertThat(result.containsSubject()).isFalse();
    assertThat(result.document()).isSameAs(document);
  }

  @Test
  void aDocumentThatIsNotJsonIsOnlySearched() {
    SubjectScrubber.Result result =
        SubjectScrubber.scrub("user alice ok".getBytes(StandardCharsets.UTF_8), "alice");

    assertThat(result.clean()).isFalse();
    assertThat(result.residualPaths()).containsExactly("(not a JSON document)");
  }

  @Test
  void withTheGatewayTypesClassificationTheClassifiedFieldsHoldingTheSubjectAreNamed() {
    SensitiveDataClassifier caddyRules =
        new SensitiveDataClassifier(
            List.of(
                SensitiveFieldRule.of(
                    "**/http_basic/accounts/*/password", SensitiveKind.CREDENTIAL),
                SensitiveFieldRule.of(
                    "**/http_basic/accounts/*/username", SensitiveKind.USERNAME)));

    SubjectScrubber.Result result =
        SubjectScrubber.scrub(
            SubjectEraserTest.caddy(List.of("bob", "alice"), "1"), "alice", caddyRules);

    assertThat(result.clean()).isTrue();
    assertThat(result.personalDataFields())
        .containsExactly(
            "handler/admin/handle/0#/providers/http_basic/accounts/1/username (username)");
    assertThat(result.removedPaths())
        .contains(
            "entities/handler/admin/handle/0/body/providers/http_basic/accounts/1",
            "nativeConfig/apps/http/servers/shop/routes/0/handle/0/providers/http_basic/accounts/1");
  }

  private static ConfigEntity entity(
      String type, String id, String naturalKey, Map<String, String> foreignKeys, String body) {
    return ConfigEntity.of(type, id, naturalKey, List.of(), foreignKeys, CanonicalJson.parse(body));
  }
}

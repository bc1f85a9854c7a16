package io.gatevault.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rule syntax and the redaction mechanics, independent of any gateway's rules. */
class SensitiveDataClassifierTest {

  private static List<SensitiveField> classify(String json, SensitiveFieldRule... rules) {
    return new SensitiveDataClassifier(List.of(rules))
        .classify(
            snapshot(
                json,
                List.of(
                    ConfigEntity.of("doc", "root", null, null, null, CanonicalJson.parse(json)))));
  }

  private static ConfigSnapshot snapshot(String nativeJson, List<ConfigEntity> entities) {
    return ConfigSnapshot.of("g", "http-json", entities, CanonicalJson.parse(nativeJson));
  }

  @Test
  void namesCompareWithoutCaseUnderscoresOrDashesAndStarsMatchInsideNames() {
    List<SensitiveField> fields =
        classify(
            "{\"API-Key\": \"a\", \"apiKey\": \"b\", \"my_api_key\": \"c\", \"apikeys\": \"d\"}",
            SensitiveFieldRule.of("**/*api_key", SensitiveKind.API_KEY));

    assertThat(fields)
        .extracting(SensitiveField::path)
        .containsExactlyInAnyOrder("/API-Key", "/apiKey", "/my_api_key");
  }

  @Test
  void aConditionMatchesOnlyObjectsWhoseMemberHasOneOfTheValues() {
    String json =
        "{\"filters\": [{\"name\": \"SetRequestHeader\", \"args\": {\"h\": \"Authorization\","
            + " \"v\": \"x\"}}, {\"name\": \"SetRequestHeader\", \"args\": {\"h\": \"X-Trace\","
            + " \"v\": \"y\"}}, {\"name\": \"Other\", \"args\": {\"h\": \"authorization\", \"v\":"
            + " \"z\"}}]}";

    assertThat(
            classify(
                json,
                SensitiveFieldRule.of(
                    "**/filters/*[name=SetRequestHeader]/args[h=authorization]/v",
                    SensitiveKind.API_KEY)))
        .extracting(SensitiveField::path)
        .containsExactly("/filters/0/args/v");
  }

  @Test
  void aRuleOnAContainerCoversTextInsideItAndAValuePatternNarrowsIt() {
    String json = "{\"allow\": [\"10.0.0.0/8\", \"example\", {\"ip\": \"192.0.2.1\"}], \"n\": 5}";

    assertThat(
            classify(
                json,
                SensitiveFieldRule.valued(
                    "**/allow", SensitiveKind.CLIENT_IP, "\\d+(\\.\\d+){3}(/\\d+)?")))
        .extracting(SensitiveField::path)
        .containsExactly("/allow/0", "/allow/2/ip");
  }

  @Test
  void theFirstRuleThatCoversAValueDecidesItsKind() {
    assertThat(
            classify(
                "{\"password\": \"a@b.example\"}",
                SensitiveFieldRule.of("**/password", SensitiveKind.CREDENTIAL),
                SensitiveFieldRule.valued(
                    "**", SensitiveKind.EMAIL_ADDRESS, "[^@]+@[^@]+\\.[a-z]+")))
        .extracting(SensitiveField::kind)
        .containsExactly(SensitiveKind.CREDENTIAL);
  }

  @Test
  void aValueOnlyInTheNativeDocumentIsReportedUnderNativeConfigAndPointersAreEscaped() {
    ConfigSnapshot snapshot =
        snapshot(
            "{\"a/b\": {\"token\": \"t1\"}, \"kept\": {\"token\": \"t2\"}}",
            List.of(
                ConfigEntity.of(
                    "section",
                    "kept",
                    null,
                    null,
                    null,
                    CanonicalJson.parse("{\"token\": \"t2\"}"))));

    List<SensitiveField> fields =
        new SensitiveDataClassifier(
                List.of(SensitiveFieldRule.of("**/token", SensitiveKind.API_KEY)))
            .classify(snapshot);

    assertThat(fields)
        .containsExactly(
            new SensitiveField("section/kept", "/token", SensitiveKind.API_KEY),
            new SensitiveField(SensitiveField.NATIVE_CONFIG, "/a~1b/token", SensitiveKind.API_KEY));
  }

  @Test
  void redactingTwiceChangesNothingAndAnUnredactedDocumentHasNoRedactionList() {
    SensitiveDataClassifier classifier =
        new SensitiveDataClassifier(
            List.of(SensitiveFieldRule.of("**/password", SensitiveKind.CREDENTIAL)));
    ConfigSnapshot plain =
        snapshot(
            "{\"db\": {\"password\": \"pw\"}}",
            List.of(
                ConfigEntity.of(
                    "section",
                    "db",
                    null,
                    null,
                    null,
                    CanonicalJson.parse("{\"password\": \"pw\"}"))));

    ConfigSnapshot once = classifier.redactSecrets(plain);
    ConfigSnapshot twice = classifier.redactSecrets(once);

    assertThat(twice).isEqualTo(once);
    assertThat(new String(plain.toDocument(), StandardCharsets.UTF_8))
        .doesNotContain("redactedSecrets");
    assertThat(new String(once.toDocument(), StandardCharsets.UTF_8))
        .contains("\"redactedSecrets\"", "[gatevault-redacted section/db#/password]")
        .doesNotContain("\"pw\"");
    assertThat(ConfigSnapshot.fromDocument(once.toDocument())).isEqualTo(once);
    assertThat(SensitiveDataClassifier.supplySecrets(once, Map.of("section/db#/password", "pw")))
        .isEqualTo(plain);
    assertThatThrownBy(() -> SensitiveDataClassifier.supplySecrets(once, Map.of()))
        .isInstanceOf(MissingSecretValuesException.class)
        .hasMessageContaining("section/db#/password (credential)");
  }

  @Test
  void aPatternWithABadConditionIsRefusedNamingThePattern() {
    assertThatThrownBy(
            () ->
                new SensitiveDataClassifier(
                    List.of(SensitiveFieldRule.of("**/filters/*[name]/x", SensitiveKind.API_KEY))))
        .hasMessageContaining("**/filters/*[name]/x");
  }
}

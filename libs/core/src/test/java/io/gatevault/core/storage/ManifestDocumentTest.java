package io.gatevault.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.event.ArtifactManifest;
import io.gatevault.core.event.BinaryContent;
import io.gatevault.core.event.EventEnvelope;
import io.gatevault.core.event.KeyReference;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ManifestDocumentTest {

  /** The manifest's fields, reviewed: sizes, checksums and references, no content and no key. */
  private static final Set<String> REVIEWED_FIELDS =
      Set.of(
          "formatVersion",
          "artifactId",
          "gatewayId",
          "environment",
          "name",
          "kind",
          "version",
          "cipher",
          "keyReference",
          "plaintextSize",
          "ciphertextSize",
          "sha256",
          "watermarkSequence",
          "retentionClass",
          "tags",
          "description",
          "createdAt");

  private static final byte[] WRAPPED_KEY =
      "wrapped-data-key-bytes".getBytes(StandardCharsets.UTF_8);

  private static final Set<String> REVIEWED_KEY_REFERENCE_FIELDS =
      Set.of("keyringId", "keyId", "keyVersion", "wrappedKeyObject");

  static ManifestDocument sample() {
    return new ManifestDocument(
        1,
        "0198c4a2-7b1e-8f00-9a3b-5d2e1c0f4a11",
        "caddy-prod",
        "prod",
        "caddy-prod-20250818-1430-full.json",
        ArtifactKind.SNAPSHOT,
        1,
        "AES-256-GCM-STREAM",
        new KeyReference(
            "local",
            "gatevault-kek",
            1,
            "v1/prod/caddy-prod/keys/0198c4a2-7b1e-8f00-9a3b-5d2e1c0f4a11.1.key"),
        18_432,
        18_688,
        "a".repeat(64),
        42,
        "daily",
        Map.of(
            "Environment", "prod",
            "Application", "shop",
            "Owner", "team-edge",
            "BackupDate", "2025-08-18T14:30:00Z",
            "BackupType", "FULL"),
        "before the \"v2\" route rollout",
        Instant.parse("2025-08-18T14:30:05Z"));
  }

  @Test
  void roundTripsThroughJson() {
    ManifestDocument manifest = sample();
    assertThat(ManifestDocument.fromJson(manifest.toJson(), "test")).isEqualTo(manifest);
  }

  @Test
  void equalManifestsGiveEqualBytesSoRewritingOneIsANoOp() {
    assertThat(sample().toJson()).isEqualTo(sample().toJson());
    String json = new String(sample().toJson(), StandardCharsets.UTF_8);
    assertThat(json.indexOf("\"Application\"")).isLessThan(json.indexOf("\"Environment\""));
  }

  @Test
  void theDocumentHasOnlyReviewedFieldsNoneOfThemSecretOrPlaintext() {
    Set<String> components =
        Arrays.stream(ManifestDocument.class.getRecordComponents())
            .map(java.lang.reflect.RecordComponent::getName)
            .collect(Collectors.toSet());
    assertThat(components).isEqualTo(REVIEWED_FIELDS);
    assertThat(topLevelJsonFields(sample())).isEqualTo(REVIEWED_FIELDS);
    Set<String> keyFields =
        Arrays.stream(KeyReference.class.getRecordComponents())
            .map(java.lang.reflect.RecordComponent::getName)
            .collect(Collectors.toSet());
    assertThat(keyFields).isEqualTo(REVIEWED_KEY_REFERENCE_FIELDS);
    for (String field : components) {
      assertThat(field.toLowerCase())
          .as("manifest field %s", field)
          .doesNotContain("secret")
          .doesNotContain("password")
          .doesNotContain("datakey")
          .doesNotContain("content")
          .doesNotContain("payload")
          .doesNotContain("body");
      if (field.toLowerCase().contains("plaintext")) {
        assertThat(field).isEqualTo("plaintextSize");
      }
    }
  }

  @Test
  void aManifestEventsKeyMaterialNeverReachesTheDocument() {
    // Whatever the event carries besides metadata (e.g. the wrapped data key that travels with
    // it), the stored manifest is built from the reviewed fields only.
    ArtifactManifest event = event();
    ManifestDocument document = ManifestDocument.from(event);
    Set<String> eventOnlyFields =
        Arrays.stream(ArtifactManifest.class.getRecordComponents())
            .map(java.lang.reflect.RecordComponent::getName)
            .filter(name -> !REVIEWED_FIELDS.contains(name))
            .collect(Collectors.toSet());
    assertThat(eventOnlyFields).contains("wrappedDataKey");
    assertThat(eventOnlyFields).doesNotContainAnyElementsOf(topLevelJsonFields(document));
    assertThat(topLevelJsonFields(document)).isEqualTo(REVIEWED_FIELDS);
    String json = new String(document.toJson(), StandardCharsets.UTF_8);
    assertThat(json)
        .doesNotContain(new String(WRAPPED_KEY, StandardCharsets.UTF_8))
        .doesNotContain(java.util.Base64.getEncoder().encodeToString(WRAPPED_KEY))
        .doesNotContain(java.util.HexFormat.of().formatHex(WRAPPED_KEY));
  }

  @Test
  void keysOfTheArtifactComeFromTheLayout() {
    ManifestDocument manifest = sample();
    assertThat(manifest.artifactKey())
        .isEqualTo("v1/prod/caddy-prod/snapshots/caddy-prod-20250818-1430-full.json.gvx");
    assertThat(manifest.wrappedKeyKey())
        .isEqualTo("v1/prod/caddy-prod/keys/0198c4a2-7b1e-8f00-9a3b-5d2e1c0f4a11.1.key");
    assertThat(manifest.manifestKey())
        .isEqualTo("v1/prod/caddy-prod/manifests/0198c4a2-7b1e-8f00-9a3b-5d2e1c0f4a11.json");
  }

  @Test
  void unknownFieldsAreIgnoredSoAdditiveChangesStayReadable() {
    String json = new String(sample().toJson(), StandardCharsets.UTF_8);
    String extended = json.replaceFirst("\\{", "{\n  \"futureField\": {\"x\": [1, true, null]},");
    assertThat(ManifestDocument.fromJson(extended.getBytes(StandardCharsets.UTF_8), "test"))
        .isEqualTo(sample());
  }

  @Test
  void aNewerFormatVersionIsRefusedWithTheFix() {
    String json =
        new String(sample().toJson(), StandardCharsets.UTF_8)
            .replace("\"formatVersion\": 1", "\"formatVersion\": 2");
    assertThatThrownBy(
            () -> ManifestDocument.fromJson(json.getBytes(StandardCharsets.UTF_8), "m.json"))
        .hasMessageContaining("m.json")
        .hasMessageContaining("formatVersion 2")
        .hasMessageContaining("upgrade Gatevault");
  }

  @Test
  void aDamagedManifestIsNamedWithTheFieldAtFault() {
    String json =
        new String(sample().toJson(), StandardCharsets.UTF_8)
            .replace("\"sha256\": \"" + "a".repeat(64) + "\"", "\"sha256\": 12");
    assertThatThrownBy(
            () ->
                ManifestDocument.fromJson(
                    json.getBytes(StandardCharsets.UTF_8), "'m.json' on target 'disk-a'"))
        .hasMessageContaining("'m.json' on target 'disk-a'")
        .hasMessageContaining("sha256");
    assertThatThrownBy(
            () ->
                ManifestDocument.fromJson("{\"truncated\": ".getBytes(StandardCharsets.UTF_8), "x"))
        .hasMessageContaining("invalid JSON");
  }

  private static Set<String> topLevelJsonFields(ManifestDocument document) {
    String json = new String(document.toJson(), StandardCharsets.UTF_8);
    Matcher matcher = Pattern.compile("(?m)^  \"([A-Za-z0-9]+)\":").matcher(json);
    Set<String> fields = new java.util.HashSet<>();
    while (matcher.find()) {
      fields.add(matcher.group(1));
    }
    return fields;
  }

  private static ArtifactManifest event() {
    ManifestDocument m = sample();
    return new ArtifactManifest(
        new EventEnvelope(
            "e-1", 1, "ArtifactManifest", "encrypt", null, null, m.createdAt(), m.gatewayId()),
        m.artifactId(),
        m.gatewayId(),
        m.environment(),
        m.name(),
        m.kind(),
        m.version(),
        m.cipher(),
        m.keyReference(),
        m.plaintextSize(),
        m.ciphertextSize(),
        m.sha256(),
        m.watermarkSequence(),
        m.retentionClass(),
        m.tags(),
        m.description(),
        m.createdAt(),
        BinaryContent.copyOf(WRAPPED_KEY));
  }
}

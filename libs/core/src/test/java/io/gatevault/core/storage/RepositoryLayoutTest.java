package io.gatevault.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RepositoryLayoutTest {

  private static final String ART = "0198c4a2-7b1e-8f00-9a3b-5d2e1c0f4a11";

  @Test
  void everyObjectKindHasTheDocumentedKey() {
    assertThat(RepositoryLayout.snapshot("prod", "caddy-1", "caddy-prod-20250818-1430-full.json"))
        .isEqualTo("v1/prod/caddy-1/snapshots/caddy-prod-20250818-1430-full.json.gvx");
    assertThat(RepositoryLayout.changeSegment("prod", "caddy-1", 1, 250))
        .isEqualTo("v1/prod/caddy-1/changes/00000000000000000001-00000000000000000250.changes.gvx");
    assertThat(RepositoryLayout.wrappedKey("prod", "caddy-1", ART, 2))
        .isEqualTo("v1/prod/caddy-1/keys/" + ART + ".2.key");
    assertThat(RepositoryLayout.manifest("prod", "caddy-1", ART))
        .isEqualTo("v1/prod/caddy-1/manifests/" + ART + ".json");
    assertThat(
            RepositoryLayout.verification(
                "prod", "caddy-1", ART, Instant.parse("2025-08-18T14:31:02.5Z")))
        .isEqualTo("v1/prod/caddy-1/verifications/" + ART + "/20250818T143102.500000000Z.json");
  }

  @Test
  void aSnapshotNameAlreadyEndingInGvxIsNotSuffixedTwice() {
    assertThat(RepositoryLayout.snapshot("prod", "kong", "kong-prod-20250818-1430-full.json.gvx"))
        .isEqualTo("v1/prod/kong/snapshots/kong-prod-20250818-1430-full.json.gvx");
  }

  @Test
  void everyKeyParsesBackIntoItsParts() {
    Instant verifiedAt = Instant.parse("2025-08-18T14:31:02.123456789Z");
    RepositoryObject[] objects = {
      new RepositoryObject.Snapshot("prod", "caddy-1", "caddy-prod-20250818-1430-full.json"),
      new RepositoryObject.ChangeSegment("prod", "caddy-1", 17, 42),
      new RepositoryObject.Checkpoint("prod", "caddy-1", 100_000),
      new RepositoryObject.WrappedKey("prod", "caddy-1", ART, 3),
      new RepositoryObject.Manifest("prod", "caddy-1", ART),
      new RepositoryObject.Verification("prod", "caddy-1", ART, verifiedAt),
    };
    for (RepositoryObject object : objects) {
      assertThat(RepositoryLayout.parse(object.key())).isEqualTo(object);
    }
  }

  @Test
  void aCheckpointIsStoredUnderItsZeroPaddedWatermark() {
    assertThat(RepositoryLayout.checkpoint("prod", "caddy-1", 100_000))
        .isEqualTo("v1/prod/caddy-1/checkpoints/00000000000000100000.checkpoint.gvx");
  }

  @Test
  void verificationKeysSortChronologically() {
    String earlier =
        RepositoryLayout.verification("e", "g", ART, Instant.parse("2025-08-18T09:59:59.9Z"));
    String later =
        RepositoryLayout.verification("e", "g", ART, Instant.parse("2025-08-18T10:00:00Z"));
    assertThat(earlier).isLessThan(later);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "v2/prod/g/manifests/a.json",
        "v1/prod/g/manifests",
        "v1/prod/g/unknown/a.json",
        "v1/prod/g/keys/a.key",
        "v1/prod/g/changes/1-x.changes.gvx",
        "v1/prod/g/checkpoints/x.checkpoint.gvx",
        "v1/prod/g/verifications/a/yesterday.json",
        "../v1/prod/g/manifests/a.json",
      })
  void keysOfAnotherShapeAreNotParsed(String key) {
    assertThatThrownBy(() -> RepositoryLayout.parse(key))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(key);
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", ".", "a/b", "", ".hidden", "a b", "a\\b"})
  void partsThatWouldEscapeOrSplitAKeyAreRefused(String gatewayId) {
    assertThatThrownBy(() -> RepositoryLayout.manifest("prod", gatewayId, ART))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gatewayId");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/etc/passwd", "a//b", "a/../b", "a/./b", "a/", "", ".tmp/x"})
  void invalidKeysAreNamedWithTheirProblem(String key) {
    assertThat(ObjectKeySyntax.problemWith(key)).isNotNull();
    assertThatThrownBy(() -> ObjectKeySyntax.check(key)).hasMessageContaining("'" + key + "'");
  }
}

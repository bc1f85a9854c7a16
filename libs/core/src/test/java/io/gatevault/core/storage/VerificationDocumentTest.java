package io.gatevault.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.core.event.VerificationCheck;
import io.gatevault.core.event.VerificationStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerificationDocumentTest {

  private static final Instant AT = Instant.parse("2025-08-18T14:31:00Z");

  static VerificationDocument document(VerificationStatus status, VerificationCheck... checks) {
    return new VerificationDocument(1, "art-1", "caddy-prod", "prod", status, List.of(checks), AT);
  }

  @Test
  void roundTripsThroughJsonIncludingChecksWithoutATarget() {
    VerificationDocument record =
        document(
            VerificationStatus.PARTIAL,
            new VerificationCheck("checksum", "disk-a", true, "sha256 matches"),
            new VerificationCheck("checksum", "disk-b", false, "sha256 differs: 1234"),
            new VerificationCheck("parse", null, true, "snapshot document parsed"));
    assertThat(VerificationDocument.fromJson(record.toJson(), "test")).isEqualTo(record);
    assertThat(record.key())
        .isEqualTo("v1/prod/caddy-prod/verifications/art-1/20250818T143100.000000000Z.json");
  }

  @Test
  void aPartialVerificationWithOneIntactCopyProvesAGoodCopy() {
    VerificationDocument record =
        document(
            VerificationStatus.PARTIAL,
            new VerificationCheck("checksum", "disk-a", true, "ok"),
            new VerificationCheck("decrypt", "disk-a", true, "ok"),
            new VerificationCheck("checksum", "disk-b", false, "missing"));
    assertThat(record.goodTargets()).containsExactly("disk-a");
    assertThat(record.provesGoodCopy()).isTrue();
  }

  @Test
  void aFailedArtifactLevelCheckMeansNoCopyIsGood() {
    VerificationDocument record =
        document(
            VerificationStatus.PARTIAL,
            new VerificationCheck("checksum", "disk-a", true, "ok"),
            new VerificationCheck("parse", null, false, "not a snapshot document"));
    assertThat(record.goodTargets()).isEmpty();
    assertThat(record.provesGoodCopy()).isFalse();
  }

  @Test
  void aStatusThatContradictsTheChecksIsRefused() {
    assertThatThrownBy(
            () ->
                document(
                    VerificationStatus.SUCCESS,
                    new VerificationCheck("checksum", "disk-a", false, "missing")))
        .hasMessageContaining("checks add up to FAILED");
  }
}

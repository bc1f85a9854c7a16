package io.gatevault.core.event;

import java.time.Instant;
import java.util.List;

/**
 * Outcome of verifying an artifact's copies. The status must agree with the checks, so a partly
 * failed verification can never be published as SUCCESS.
 */
public record VerificationResult(
    EventEnvelope envelope,
    String artifactId,
    VerificationStatus status,
    List<VerificationCheck> checks,
    Instant verifiedAt)
    implements GatevaultEvent {

  public VerificationResult {
    Require.present(envelope, "VerificationResult.envelope");
    Require.nonBlank(artifactId, "VerificationResult.artifactId");
    Require.present(status, "VerificationResult.status");
    checks = Require.list(checks, "VerificationResult.checks");
    if (status != VerificationStatus.STARTED) {
      if (checks.isEmpty()) {
        throw new IllegalArgumentException(
            "VerificationResult.checks must not be empty when status is " + status);
      }
      VerificationStatus implied = VerificationStatus.of(checks);
      if (implied != status) {
        throw new IllegalArgumentException(
            "VerificationResult.status is "
                + status
                + " but the checks add up to "
                + implied
                + " for artifact "
                + artifactId);
      }
    }
    Require.present(verifiedAt, "VerificationResult.verifiedAt");
  }
}

package io.gatevault.core.event;

import java.util.List;

/** Overall outcome of verifying an artifact. */
public enum VerificationStatus {
  /** Verification began; no check has finished. */
  STARTED,
  /** Every check passed. */
  SUCCESS,
  /** Every check failed. */
  FAILED,
  /** Some checks passed and some failed: never reported as SUCCESS. */
  PARTIAL;

  /** The status the finished checks add up to; at least one check is needed to conclude. */
  public static VerificationStatus of(List<VerificationCheck> checks) {
    if (checks.isEmpty()) {
      throw new IllegalArgumentException(
          "VerificationStatus needs at least one finished check to conclude; use STARTED before");
    }
    long passed = checks.stream().filter(VerificationCheck::passed).count();
    if (passed == checks.size()) {
      return SUCCESS;
    }
    return passed == 0 ? FAILED : PARTIAL;
  }
}

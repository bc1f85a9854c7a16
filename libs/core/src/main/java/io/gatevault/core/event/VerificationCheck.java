package io.gatevault.core.event;

/**
 * One check of one artifact.
 *
 * @param checkName e.g. {@code checksum}, {@code decrypt}, {@code test-restore}
 * @param targetId storage target checked, or null for checks not tied to one copy
 * @param detail what was checked and, on failure, what was wrong
 */
public record VerificationCheck(String checkName, String targetId, boolean passed, String detail) {

  public VerificationCheck {
    Require.nonBlank(checkName, "VerificationCheck.checkName");
    Require.nullOrNonBlank(targetId, "VerificationCheck.targetId");
    Require.present(detail, "VerificationCheck.detail");
  }
}

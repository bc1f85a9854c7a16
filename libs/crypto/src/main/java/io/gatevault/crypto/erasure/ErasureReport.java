package io.gatevault.crypto.erasure;

import java.time.Instant;
import java.util.List;

/**
 * What one {@code gdpr erase} run found, changed and proved. It names artifacts, targets and paths,
 * never the subject or any removed value.
 *
 * @param erasureId names the erasure's journal ({@code erasures/<erasureId>/}); derived from the
 *     subject, so running the same erasure again finds it
 * @param subjectDigest SHA-256 of the subject (see {@link ErasureJournal#subjectDigest}): whoever
 *     knows the subject can check that this record concerns it, without the record naming it
 * @param artifacts every artifact that contained the subject, and what happened to it
 * @param checked artifacts read and found without the subject; left untouched
 * @param blocked objects a target may not delete yet (object lock), with their retention date
 * @param failures what could not be done, each naming the artifact or target and what to do
 * @param rescan after the run: every readable copy of every stored artifact, read again
 */
public record ErasureReport(
    String erasureId,
    String subjectDigest,
    boolean dryRun,
    Instant at,
    String actor,
    String reason,
    List<ArtifactErasure> artifacts,
    List<CheckedArtifact> checked,
    List<BlockedObject> blocked,
    List<String> failures,
    List<RescanResult> rescan) {

  public ErasureReport {
    artifacts = List.copyOf(artifacts);
    checked = List.copyOf(checked);
    blocked = List.copyOf(blocked);
    failures = List.copyOf(failures);
    rescan = List.copyOf(rescan);
  }

  /** How an artifact holding the subject ended. */
  public enum Outcome {
    /** Rewritten without the subject; the old artifact's objects are deleted on every target. */
    ERASED,
    /** Dry run: would be rewritten. */
    WOULD_ERASE,
    /** Rewritten, but some old objects may not be deleted yet (object lock): see blocked. */
    BLOCKED,
    /** The subject also occurs where it cannot be removed generically: nothing was changed. */
    NEEDS_REVIEW,
    /** Something failed (see failures); run again. */
    FAILED
  }

  /**
   * One artifact that contained the subject.
   *
   * @param removedPaths where the subject's data was (paths only)
   * @param residualPaths where it still occurs, when the outcome is NEEDS_REVIEW
   * @param targets the targets whose objects were written or deleted
   * @param personalDataFields the gateway type's classified personal-data fields that held the
   *     subject ({@code entityKey#pointer (kind)}), when the type has a classification
   */
  public record ArtifactErasure(
      String gatewayId,
      String environment,
      String oldArtifactId,
      String oldName,
      String oldSha256,
      String newArtifactId,
      String newName,
      String newSha256,
      List<String> removedPaths,
      List<String> residualPaths,
      List<String> targets,
      Outcome outcome,
      List<String> personalDataFields) {
    public ArtifactErasure {
      removedPaths = List.copyOf(removedPaths);
      residualPaths = List.copyOf(residualPaths);
      targets = List.copyOf(targets);
      personalDataFields = personalDataFields == null ? List.of() : List.copyOf(personalDataFields);
    }
  }

  /** An artifact read and found without the subject. */
  public record CheckedArtifact(
      String gatewayId, String artifactId, String name, String sha256, List<String> targets) {
    public CheckedArtifact {
      targets = List.copyOf(targets);
    }
  }

  /**
   * An object that is still stored because its target may not delete it yet.
   *
   * @param retainedUntil when it can be deleted, or null when the target refused without a date
   */
  public record BlockedObject(
      String targetId, String key, String artifactId, Instant retainedUntil, String detail) {}

  /** Outcome of reading one copy again after the erasure. */
  public enum RescanOutcome {
    CLEAN,
    CONTAINS_SUBJECT,
    UNREADABLE
  }

  /** One copy of one artifact read again after the erasure. */
  public record RescanResult(
      String targetId,
      String artifactId,
      String name,
      String sha256,
      RescanOutcome outcome,
      String detail) {}

  /** Every artifact that held the subject was erased everywhere and the re-scan is clean. */
  public boolean complete() {
    return failures.isEmpty()
        && blocked.isEmpty()
        && artifacts.stream()
            .allMatch(a -> a.outcome() == Outcome.ERASED || a.outcome() == Outcome.WOULD_ERASE)
        && rescan.stream().allMatch(r -> r.outcome() == RescanOutcome.CLEAN);
  }

  /** The re-scan read every copy and found the subject in none. */
  public boolean rescanClean() {
    return rescan.stream().allMatch(r -> r.outcome() == RescanOutcome.CLEAN);
  }
}

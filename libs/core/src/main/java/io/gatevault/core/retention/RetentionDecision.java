package io.gatevault.core.retention;

import java.util.List;
import java.util.Optional;

/**
 * What a {@link RetentionPolicy} decided for a list of backups: every backup is in exactly one of
 * {@link #keep()} and {@link #remove()}, each with the reasons. Deciding deletes nothing; prune
 * acts on a decision (or only reports it, in a dry run).
 *
 * @param policy the policy applied
 * @param anchor the newest verified backup the windows were measured from; null when no backup is
 *     verified (then nothing is removed)
 * @param keep backups to keep, newest first
 * @param remove backups to remove, newest first
 */
public record RetentionDecision(
    RetentionPolicy policy, BackupPoint anchor, List<Verdict> keep, List<Verdict> remove) {

  public RetentionDecision {
    keep = List.copyOf(keep);
    remove = List.copyOf(remove);
  }

  /** One backup and why it is kept or removed. */
  public record Verdict(BackupPoint backup, List<String> reasons) {
    public Verdict {
      reasons = List.copyOf(reasons);
      if (reasons.isEmpty()) {
        throw new IllegalArgumentException("a verdict needs a reason, for backup " + backup.id());
      }
    }
  }

  public Optional<BackupPoint> anchorBackup() {
    return Optional.ofNullable(anchor);
  }

  /** The verdict for backup {@code id}, kept or removed. */
  public Optional<Verdict> verdictFor(String id) {
    return java.util.stream.Stream.concat(keep.stream(), remove.stream())
        .filter(verdict -> verdict.backup().id().equals(id))
        .findFirst();
  }
}

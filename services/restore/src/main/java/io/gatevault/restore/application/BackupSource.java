package io.gatevault.restore.application;

import io.gatevault.core.storage.StoredBackup;
import java.util.List;
import java.util.Optional;

/**
 * Port: where restore finds backups and reads them back with their integrity checked (checksum of
 * the stored ciphertext, data key unwrapped, every segment authenticated while unsealing). The
 * plaintext never leaves memory.
 */
public interface BackupSource {

  /** The newest verified backup of {@code gatewayId}, for a request that names none. */
  Optional<String> newestBackupOf(String gatewayId);

  /**
   * Reads backup {@code backupId} and checks it.
   *
   * @throws BackupUnusableException when there is no such backup or no copy of it passes the
   *     checks; permanent for this backup
   */
  VerifiedBackup read(String backupId);

  /**
   * Reads a backup already found in {@link #storedOf} and checks it, without looking it up again (a
   * point-in-time replay reads hundreds of segments: one catalog read, not one per segment).
   *
   * @throws BackupUnusableException when no copy of it passes the checks
   */
  default VerifiedBackup read(StoredBackup backup) {
    return read(backup.artifactId());
  }

  /**
   * Every stored artifact of {@code gatewayId} (snapshots and change-log segments, verified or not)
   * with its manifest, for point-in-time restore to pick a base and the segments after it.
   */
  List<StoredBackup> storedOf(String gatewayId);

  /** Where the artifacts are looked up, for messages (e.g. "targets [fs-a, s3-b]"). */
  String describe();

  /**
   * A backup that passed every check.
   *
   * @param backupId artifact id
   * @param gatewayId gateway it was taken from
   * @param document the plaintext snapshot document ({@code ConfigSnapshot#toDocument()})
   * @param checks what was checked and where, for the audit trail (no secrets)
   */
  record VerifiedBackup(String backupId, String gatewayId, byte[] document, String checks) {}
}

package io.gatevault.restore.application;

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
   * A backup that passed every check.
   *
   * @param backupId artifact id
   * @param gatewayId gateway it was taken from
   * @param document the plaintext snapshot document ({@code ConfigSnapshot#toDocument()})
   * @param checks what was checked and where, for the audit trail (no secrets)
   */
  record VerifiedBackup(String backupId, String gatewayId, byte[] document, String checks) {}
}

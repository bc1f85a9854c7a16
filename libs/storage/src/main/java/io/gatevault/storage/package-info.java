/**
 * Backup targets behind the core {@link io.gatevault.core.storage.BackupStore} port: the filesystem
 * target ({@link io.gatevault.storage.FilesystemBackupStore}), the S3 target ({@link
 * io.gatevault.storage.s3.S3BackupStore}) and the configured set of targets checked against the
 * 3-2-1 rule ({@link io.gatevault.storage.StorageTargets}). Every target passes {@code
 * BackupStoreContract} (test-jar).
 */
package io.gatevault.storage;

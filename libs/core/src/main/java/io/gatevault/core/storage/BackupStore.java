package io.gatevault.core.storage;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * One backup target (a folder on a disk, an S3 bucket, removable media): a write-once store of
 * objects named by {@link RepositoryLayout} keys.
 *
 * <p>Objects are written once and never modified. Writing a key again with the same bytes is a
 * no-op, so a replay after a crash duplicates nothing; writing it with different bytes fails with
 * {@link ObjectConflictException} and leaves the stored object untouched. Only prune deletes.
 *
 * <p>Every failure is a {@link BackupStoreException} naming the target and the key, classified as
 * retriable (the medium is unavailable) or permanent (conflict, checksum, missing object, invalid
 * key). Every implementation passes the same contract suite ({@code BackupStoreContract}).
 */
public interface BackupStore {

  /** Which target this is and what kind of copy it holds (medium, region, off-site, offline). */
  TargetDescription describe();

  /**
   * Writes {@code source} as {@code key}, verifying its SHA-256 while writing. The object becomes
   * visible complete or not at all.
   *
   * @param expectedSha256 lower-case hex SHA-256 the bytes must have; on a mismatch nothing is
   *     stored
   * @return what is stored under {@code key} (also when it was already there)
   * @throws ObjectConflictException when {@code key} holds different bytes
   * @throws ChecksumMismatchException when the bytes read from {@code source} differ from {@code
   *     expectedSha256}
   */
  ObjectStat put(String key, InputStream source, String expectedSha256);

  /**
   * Writes {@code key} from a source whose length is known in advance, which lets a store send it
   * in one streamed request instead of parts; otherwise the same as {@link #put(String,
   * InputStream, String)}.
   *
   * @param length the exact number of bytes {@code source} yields
   */
  default ObjectStat put(String key, InputStream source, long length, String expectedSha256) {
    return put(key, source, expectedSha256);
  }

  /**
   * Writes {@code key} like {@link #put(String, InputStream, long, String)} and labels the object
   * with its backup's {@code tags} (Environment, Application, Owner, BackupDate, BackupType), where
   * the medium has labels: an S3 bucket keeps them as object tags (and as metadata, also where the
   * server has no object tagging), so lifecycle rules and cost reports can select by them. A medium
   * without labels (a folder) stores none: there the backup's manifest, written beside the object,
   * is the record of its tags.
   *
   * @param length the exact number of bytes {@code source} yields, or -1 when unknown
   */
  default ObjectStat put(
      String key,
      InputStream source,
      long length,
      String expectedSha256,
      java.util.Map<String, String> tags) {
    return length < 0 ? put(key, source, expectedSha256) : put(key, source, length, expectedSha256);
  }

  /** Writes {@code bytes} as {@code key}; see {@link #put(String, InputStream, String)}. */
  default ObjectStat put(String key, byte[] bytes) {
    return put(key, new java.io.ByteArrayInputStream(bytes), Sha256.hex(bytes));
  }

  /**
   * Opens {@code key} for reading; the caller closes the stream.
   *
   * @throws ObjectNotFoundException when there is no such object
   */
  InputStream open(String key);

  /** Reads the whole of {@code key}; meant for small objects (manifests, keys, records). */
  default byte[] get(String key) {
    try (InputStream in = open(key)) {
      return in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(
          "reading '" + key + "' from target '" + describe().targetId() + "' failed", e);
    }
  }

  boolean exists(String key);

  /** Size and SHA-256 of {@code key}, or empty when there is no such object. */
  Optional<ObjectStat> stat(String key);

  /** Keys starting with {@code prefix} (plain string prefix), sorted; "" lists everything. */
  List<String> list(String prefix);

  /**
   * Deletes {@code key}.
   *
   * @return true when an object was deleted, false when there was none
   */
  boolean delete(String key);

  /** Where {@code key} lives, as a URI to put in events and reports (e.g. {@code file:/...}). */
  String location(String key);
}

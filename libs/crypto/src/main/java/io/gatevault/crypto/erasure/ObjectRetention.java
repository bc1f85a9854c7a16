package io.gatevault.crypto.erasure;

import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.ManifestDocument;
import java.time.Instant;
import java.util.Optional;

/**
 * Until when a target must keep an object (S3 Object Lock): an erasure does not try to delete such
 * an object before that date, and reports it as blocked with the date instead of skipping it.
 */
@FunctionalInterface
public interface ObjectRetention {

  /** No target retains anything: every object may be deleted. */
  ObjectRetention NONE = (target, key, manifest) -> Optional.empty();

  /**
   * The instant before which {@code key} (an object of the artifact {@code manifest} describes) can
   * not be deleted from {@code target}, or empty when it can be deleted now.
   */
  Optional<Instant> retainedUntil(BackupStore target, String key, ManifestDocument manifest);
}

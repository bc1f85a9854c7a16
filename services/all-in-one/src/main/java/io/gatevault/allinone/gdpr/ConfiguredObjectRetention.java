package io.gatevault.allinone.gdpr;

import io.gatevault.allinone.config.GatevaultConfig;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.ManifestDocument;
import io.gatevault.core.storage.RepositoryLayout;
import io.gatevault.core.storage.RepositoryObject;
import io.gatevault.crypto.erasure.ObjectRetention;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Object lock as configured in gatevault.yml ({@code s3.object-lock-mode} and {@code
 * object-lock-days}): an object on such a target is retained for that many days after it was
 * written. The write time is not known from storage alone, so it is estimated from the backup's
 * {@code createdAt} (a verification record: its {@code verifiedAt}) plus one day for replication
 * and catch-up: erring late means an erasure reports an object as blocked a little longer, never
 * that it claims to delete one the bucket still keeps.
 */
final class ConfiguredObjectRetention implements ObjectRetention {

  static final Duration WRITE_MARGIN = Duration.ofDays(1);

  private final Map<String, Integer> lockDaysByTarget = new HashMap<>();

  ConfiguredObjectRetention(GatevaultConfig config) {
    for (GatevaultConfig.TargetSettings target : config.targets()) {
      Map<String, String> s3 = target.s3();
      if (s3 != null
          && s3.get("object-lock-mode") != null
          && !s3.get("object-lock-mode").isBlank()
          && s3.get("object-lock-days") != null) {
        lockDaysByTarget.put(target.id(), Integer.valueOf(s3.get("object-lock-days").trim()));
      }
    }
  }

  @Override
  public Optional<Instant> retainedUntil(
      BackupStore target, String key, ManifestDocument manifest) {
    Integer days = lockDaysByTarget.get(target.describe().targetId());
    if (days == null) {
      return Optional.empty();
    }
    Instant written = manifest.createdAt();
    try {
      if (RepositoryLayout.parse(key) instanceof RepositoryObject.Verification record) {
        written = record.verifiedAt();
      }
    } catch (IllegalArgumentException notALayoutKey) {
      // Not an object of the layout: estimated like the artifact's own objects.
    }
    return Optional.of(written.plus(Duration.ofDays(days)).plus(WRITE_MARGIN));
  }
}

package io.gatevault.storage;

import io.gatevault.core.event.StorageMedium;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.TargetDescription;
import io.gatevault.storage.s3.S3BackupStore;
import io.gatevault.storage.s3.S3TargetSettings;
import io.gatevault.tls.TlsSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The configured backup targets, checked against the 3-2-1 rule: at least {@value #MIN_TARGETS}
 * copies, on at least {@value #MIN_MEDIA} different media, at least {@value #MIN_OFF_SITE}
 * off-site. Every problem of the configuration is reported at once, naming the setting and the
 * numbers, so a wrong configuration fails at start-up and not on the first backup.
 */
public final class StorageTargets {

  public static final int MIN_TARGETS = 3;
  public static final int MIN_MEDIA = 2;
  public static final int MIN_OFF_SITE = 1;
  private static final String PREFIX = "gatevault.storage.targets";

  private final List<BackupStore> stores;

  private StorageTargets(List<BackupStore> stores) {
    this.stores = List.copyOf(stores);
  }

  /** Targets from already built stores (e.g. tests, or targets of several types). */
  public static StorageTargets of(List<? extends BackupStore> stores) {
    List<String> problems = ruleProblems(stores.stream().map(BackupStore::describe).toList());
    Set<String> ids = new HashSet<>();
    for (BackupStore store : stores) {
      if (!ids.add(store.describe().targetId())) {
        problems.add("target id '" + store.describe().targetId() + "' is used twice");
      }
    }
    failIfAny(problems);
    return new StorageTargets(List.copyOf(stores));
  }

  /**
   * Builds and checks the targets of {@code gatevault.storage}.
   *
   * @throws InvalidStorageConfigurationException listing every problem found
   */
  public static StorageTargets from(StorageSettings settings) {
    return from(settings, System::getenv);
  }

  /**
   * As {@link #from(StorageSettings)}, each S3 target over TLS as configured for its id (trust
   * store, client certificate, protocols); an http:// endpoint on another machine is refused unless
   * that target's TLS settings allow plaintext.
   *
   * @param tlsByTargetId the TLS settings of a target by its id (e.g. read with {@code
   *     TlsProperties.read("gatevault.tls.targets." + id, ...)})
   */
  public static StorageTargets fromWithTls(
      StorageSettings settings, Function<String, TlsSettings> tlsByTargetId) {
    return from(settings, System::getenv, tlsByTargetId);
  }

  /** As {@link #from(StorageSettings)}, reading environment variables from {@code environment}. */
  static StorageTargets from(StorageSettings settings, Function<String, String> environment) {
    return from(settings, environment, id -> null);
  }

  private static StorageTargets from(
      StorageSettings settings,
      Function<String, String> environment,
      Function<String, TlsSettings> tlsByTargetId) {
    List<StorageTargetSettings> targets =
        settings == null || settings.targets() == null ? List.of() : settings.targets();
    List<String> problems = new ArrayList<>();
    List<TargetDescription> descriptions = new ArrayList<>();
    List<Path> paths = new ArrayList<>();
    List<S3TargetSettings> buckets = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < targets.size(); i++) {
      StorageTargetSettings target = targets.get(i);
      String at = PREFIX + "[" + i + "]";
      if (target == null) {
        problems.add(at + " is empty");
        continue;
      }
      int before = problems.size();
      if (target.id() == null || target.id().isBlank()) {
        problems.add(at + ".id is required (a unique name, e.g. disk-a)");
      } else if (!ids.add(target.id())) {
        problems.add(
            at + ".id '" + target.id() + "' is used by another target; ids must be unique");
      }
      String type =
          target.type() == null
              ? StorageTargetSettings.FILESYSTEM
              : target.type().trim().toLowerCase(Locale.ROOT);
      boolean s3 = StorageTargetSettings.S3.equals(type);
      if (!s3 && !StorageTargetSettings.FILESYSTEM.equals(type)) {
        problems.add(
            at + ".type '" + target.type() + "' is not supported; use type: filesystem or s3");
      }
      StorageMedium medium =
          target.medium() == null && s3 ? StorageMedium.OBJECT_STORE : target.medium();
      if (medium == null) {
        problems.add(at + ".medium is required: one of " + List.of(StorageMedium.values()));
      }
      S3TargetSettings bucket = null;
      String region = target.region();
      Path path = null;
      if (s3) {
        bucket = target.s3();
        if (bucket != null && isBlank(bucket.region()) && !isBlank(region)) {
          bucket =
              new S3TargetSettings(
                  bucket.bucket(),
                  bucket.prefix(),
                  region.trim(),
                  bucket.endpoint(),
                  bucket.pathStyle(),
                  bucket.storageClass(),
                  bucket.sseKmsKeyId(),
                  bucket.objectLockMode(),
                  bucket.objectLockDays(),
                  bucket.credentialsProfile(),
                  bucket.accessKeyEnv(),
                  bucket.secretKeyEnv());
        }
        if (isBlank(region) && bucket != null) {
          region = bucket.region();
        }
        problems.addAll(S3BackupStore.problems(bucket, at + ".s3", environment, true));
        if (!isBlank(target.path())) {
          problems.add(
              at
                  + ".path is for filesystem targets; an s3 target is placed by s3.bucket and"
                  + " s3.prefix");
        }
      } else {
        if (target.s3() != null) {
          problems.add(at + ".s3 is set but the target's type is not s3; add type: s3");
        }
        if (target.path() == null || target.path().isBlank()) {
          problems.add(at + ".path is required (the target's folder)");
        } else {
          try {
            path = canonical(Path.of(target.path().trim()));
          } catch (InvalidPathException e) {
            problems.add(
                at + ".path '" + target.path() + "' is not a valid path: " + e.getMessage());
          }
        }
      }
      if (isBlank(region)) {
        problems.add(at + ".region is required (a region or site, e.g. eu-west-1 or site-b)");
      }
      if (problems.size() == before) {
        descriptions.add(
            new TargetDescription(
                target.id(), medium, region.trim(), target.offSite(), target.offline()));
        paths.add(path);
        buckets.add(bucket);
      }
    }
    for (int a = 0; a < descriptions.size(); a++) {
      for (int b = a + 1; b < descriptions.size(); b++) {
        String names =
            "targets '"
                + descriptions.get(a).targetId()
                + "' and '"
                + descriptions.get(b).targetId()
                + "'";
        Path first = paths.get(a);
        Path second = paths.get(b);
        if (first != null && second != null) {
          if (first.equals(second)) {
            problems.add(names + " share the path " + first + "; each copy needs its own folder");
          } else if (first.startsWith(second) || second.startsWith(first)) {
            problems.add(
                names
                    + " are nested ("
                    + first
                    + ", "
                    + second
                    + "); no target may be inside another, or one copy would hold the other");
          }
        }
        String overlap = bucketOverlap(buckets.get(a), buckets.get(b));
        if (overlap != null) {
          problems.add(
              names
                  + " "
                  + overlap
                  + "; give each its own bucket or a prefix (s3.prefix) outside the other's");
        }
      }
    }
    if (descriptions.size() == targets.size()) {
      problems.addAll(ruleProblems(descriptions));
    }
    failIfAny(problems);
    List<BackupStore> stores = new ArrayList<>();
    for (int i = 0; i < descriptions.size(); i++) {
      stores.add(
          buckets.get(i) != null
              ? s3Store(descriptions.get(i), buckets.get(i), i, environment, tlsByTargetId)
              : new FilesystemBackupStore(descriptions.get(i), paths.get(i)));
    }
    return new StorageTargets(stores);
  }

  private static BackupStore s3Store(
      TargetDescription description,
      S3TargetSettings bucket,
      int index,
      Function<String, String> environment,
      Function<String, TlsSettings> tlsByTargetId) {
    TlsSettings tls = tlsByTargetId.apply(description.targetId());
    if (tls == null) {
      return S3BackupStore.connect(description, bucket, environment);
    }
    return new S3BackupStore(
        description,
        bucket,
        S3BackupStore.clientFor(
            bucket,
            S3BackupStore.credentialsFor(bucket, environment),
            PREFIX + "[" + index + "].s3.endpoint",
            tls,
            environment));
  }

  /** Why two s3 targets would hold each other's objects, or null when they cannot. */
  private static String bucketOverlap(S3TargetSettings first, S3TargetSettings second) {
    if (first == null || second == null) {
      return null;
    }
    String endpoint = first.endpoint() == null ? "" : first.endpoint().trim();
    String otherEndpoint = second.endpoint() == null ? "" : second.endpoint().trim();
    if (!endpoint.equals(otherEndpoint) || !first.bucket().trim().equals(second.bucket().trim())) {
      return null;
    }
    String a = first.prefix() == null ? "" : first.prefix().trim() + "/";
    String b = second.prefix() == null ? "" : second.prefix().trim() + "/";
    if (a.equals(b)) {
      return "share bucket '" + first.bucket().trim() + "' and prefix '" + a + "'";
    }
    if (a.startsWith(b) || b.startsWith(a)) {
      return "are nested in bucket '"
          + first.bucket().trim()
          + "' (prefixes '"
          + a
          + "', '"
          + b
          + "')";
    }
    return null;
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  private static List<String> ruleProblems(List<TargetDescription> targets) {
    List<String> problems = new ArrayList<>();
    if (targets.size() < MIN_TARGETS) {
      problems.add(
          "the 3-2-1 rule needs at least "
              + MIN_TARGETS
              + " targets under "
              + PREFIX
              + ", found "
              + targets.size());
    }
    Set<StorageMedium> media = EnumSet.noneOf(StorageMedium.class);
    targets.forEach(target -> media.add(target.medium()));
    if (media.size() < MIN_MEDIA) {
      problems.add(
          "the 3-2-1 rule needs at least "
              + MIN_MEDIA
              + " different media (medium), found "
              + media.size()
              + (media.isEmpty() ? "" : ": " + media)
              + "; mark e.g. one target medium: REMOVABLE_MEDIA");
    }
    long offSite = targets.stream().filter(TargetDescription::offSite).count();
    if (offSite < MIN_OFF_SITE) {
      problems.add(
          "the 3-2-1 rule needs at least "
              + MIN_OFF_SITE
              + " off-site target (off-site: true), found "
              + offSite);
    }
    return problems;
  }

  private static void failIfAny(List<String> problems) {
    if (!problems.isEmpty()) {
      throw new InvalidStorageConfigurationException(problems);
    }
  }

  /** Absolute, normalized, with symbolic links resolved as far as the path exists. */
  private static Path canonical(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    Path existing = absolute;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return absolute;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
    } catch (IOException e) {
      return absolute;
    }
  }

  /** Every target, in configuration order. */
  public List<BackupStore> all() {
    return stores;
  }

  public Optional<BackupStore> byId(String targetId) {
    return stores.stream()
        .filter(store -> store.describe().targetId().equals(targetId))
        .findFirst();
  }

  public List<TargetDescription> descriptions() {
    return stores.stream().map(BackupStore::describe).toList();
  }
}

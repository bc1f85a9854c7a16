package io.gatevault.core.storage;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The backups held by a set of targets, read from storage alone: manifests and verification
 * records. Prune decides from it, restore finds backups in it, and {@code catalog rebuild}
 * recreates the control plane's view from it, so nothing depends on Kafka still holding the events.
 */
public final class BackupCatalog {

  /**
   * Manifest tag naming the artifact id a backup replaces (written by GDPR erasure: the rewritten
   * backup supersedes the one that held the person's data). A superseded backup is not listed,
   * found, pruned or restored while its objects still exist (an erasure in progress or blocked).
   */
  public static final String SUPERSEDES_TAG = "Supersedes";

  private final List<StoredBackup> backups;
  private final List<StoredBackup> superseded;
  private final List<CatalogProblem> problems;

  private BackupCatalog(
      List<StoredBackup> backups, List<StoredBackup> superseded, List<CatalogProblem> problems) {
    this.backups = List.copyOf(backups);
    this.superseded = List.copyOf(superseded);
    this.problems = List.copyOf(problems);
  }

  /** Every backup on {@code stores}. */
  public static BackupCatalog read(List<? extends BackupStore> stores) {
    return read(stores, null);
  }

  /**
   * The backups of one gateway (of any environment) on {@code stores}, or of all gateways when
   * {@code gatewayId} is null.
   *
   * @throws BackupStoreException when a target cannot be listed at all
   */
  public static BackupCatalog read(List<? extends BackupStore> stores, String gatewayId) {
    Map<String, ManifestDocument> manifests = new LinkedHashMap<>();
    Map<String, List<StoredBackup.Replica>> replicas = new LinkedHashMap<>();
    Map<String, Map<java.time.Instant, VerificationDocument>> verifications = new LinkedHashMap<>();
    List<CatalogProblem> problems = new ArrayList<>();
    for (BackupStore store : stores) {
      readTarget(store, gatewayId, manifests, replicas, verifications, problems);
    }
    List<StoredBackup> backups = new ArrayList<>();
    manifests.forEach(
        (artifactId, manifest) ->
            backups.add(
                new StoredBackup(
                    manifest,
                    replicas.getOrDefault(artifactId, List.of()),
                    List.copyOf(verifications.getOrDefault(artifactId, Map.of()).values()))));
    backups.sort(
        Comparator.comparing(StoredBackup::createdAt)
            .reversed()
            .thenComparing(StoredBackup::artifactId));
    Set<String> replaced = new HashSet<>();
    for (StoredBackup backup : backups) {
      String supersedes = backup.manifest().tags().get(SUPERSEDES_TAG);
      if (supersedes != null) {
        replaced.add(supersedes);
      }
    }
    return new BackupCatalog(
        backups.stream().filter(b -> !replaced.contains(b.artifactId())).toList(),
        backups.stream().filter(b -> replaced.contains(b.artifactId())).toList(),
        problems);
  }

  private static void readTarget(
      BackupStore store,
      String gatewayId,
      Map<String, ManifestDocument> manifests,
      Map<String, List<StoredBackup.Replica>> replicas,
      Map<String, Map<java.time.Instant, VerificationDocument>> verifications,
      List<CatalogProblem> problems) {
    String targetId = store.describe().targetId();
    Map<String, RepositoryObject> objects = new LinkedHashMap<>();
    for (String key : store.list(RepositoryLayout.versionPrefix())) {
      try {
        RepositoryObject object = RepositoryLayout.parse(key);
        if (gatewayId == null || gatewayId.equals(object.gatewayId())) {
          objects.put(key, object);
        }
      } catch (IllegalArgumentException e) {
        problems.add(new CatalogProblem(targetId, key, e.getMessage()));
      }
    }
    Set<String> claimed = new HashSet<>();
    for (Map.Entry<String, RepositoryObject> entry : objects.entrySet()) {
      if (!(entry.getValue() instanceof RepositoryObject.Manifest manifestObject)) {
        continue;
      }
      String manifestKey = entry.getKey();
      ManifestDocument manifest;
      try {
        manifest =
            ManifestDocument.fromJson(
                store.get(manifestKey), "'" + manifestKey + "' on target '" + targetId + "'");
      } catch (IllegalArgumentException | UncheckedIOException | BackupStoreException e) {
        problems.add(new CatalogProblem(targetId, manifestKey, e.getMessage()));
        continue;
      }
      if (!manifest.manifestKey().equals(manifestKey)) {
        problems.add(
            new CatalogProblem(
                targetId,
                manifestKey,
                "manifest describes artifact "
                    + manifest.artifactId()
                    + " of "
                    + manifest.environment()
                    + "/"
                    + manifest.gatewayId()
                    + ", which belongs at "
                    + manifest.manifestKey()
                    + "; ignored"));
        continue;
      }
      ManifestDocument known = manifests.putIfAbsent(manifest.artifactId(), manifest);
      if (known != null && !known.sha256().equals(manifest.sha256())) {
        problems.add(
            new CatalogProblem(
                targetId,
                manifestKey,
                "manifest of artifact "
                    + manifest.artifactId()
                    + " gives sha256 "
                    + manifest.sha256()
                    + " but another target's gives "
                    + known.sha256()
                    + "; the first target's manifest is used"));
      }
      List<String> keys = new ArrayList<>();
      String artifactKey = manifest.artifactKey();
      boolean hasArtifact = objects.containsKey(artifactKey);
      if (hasArtifact) {
        keys.add(artifactKey);
      }
      boolean hasKey = false;
      for (Map.Entry<String, RepositoryObject> other : objects.entrySet()) {
        RepositoryObject object = other.getValue();
        if (object instanceof RepositoryObject.WrappedKey wrapped
            && wrapped.artifactId().equals(manifestObject.artifactId())
            && wrapped.gatewayId().equals(manifestObject.gatewayId())) {
          keys.add(other.getKey());
          // A rotated key object (a higher version) serves as well as the one sealed with.
          hasKey |= wrapped.keyVersion() >= manifest.keyReference().keyVersion();
        }
      }
      for (Map.Entry<String, RepositoryObject> other : objects.entrySet()) {
        if (other.getValue() instanceof RepositoryObject.Verification record
            && record.artifactId().equals(manifestObject.artifactId())
            && record.gatewayId().equals(manifestObject.gatewayId())) {
          keys.add(other.getKey());
          readVerification(store, other.getKey(), manifest, verifications, problems);
        }
      }
      keys.add(manifestKey);
      claimed.addAll(keys);
      replicas
          .computeIfAbsent(manifest.artifactId(), id -> new ArrayList<>())
          .add(new StoredBackup.Replica(targetId, keys, hasArtifact && hasKey));
    }
    objects.keySet().stream()
        .filter(key -> !claimed.contains(key))
        .forEach(
            key ->
                problems.add(
                    new CatalogProblem(
                        targetId, key, "no manifest on this target claims this object")));
  }

  private static void readVerification(
      BackupStore store,
      String key,
      ManifestDocument manifest,
      Map<String, Map<java.time.Instant, VerificationDocument>> verifications,
      List<CatalogProblem> problems) {
    String targetId = store.describe().targetId();
    try {
      VerificationDocument record =
          VerificationDocument.fromJson(
              store.get(key), "'" + key + "' on target '" + targetId + "'");
      if (!record.artifactId().equals(manifest.artifactId())) {
        problems.add(
            new CatalogProblem(
                targetId, key, "verification record names artifact " + record.artifactId()));
        return;
      }
      verifications
          .computeIfAbsent(manifest.artifactId(), id -> new LinkedHashMap<>())
          .putIfAbsent(record.verifiedAt(), record);
    } catch (IllegalArgumentException | UncheckedIOException | BackupStoreException e) {
      problems.add(new CatalogProblem(targetId, key, e.getMessage()));
    }
  }

  /** Every backup found, newest first, except those another backup supersedes. */
  public List<StoredBackup> backups() {
    return backups;
  }

  /**
   * Backups replaced by another one ({@value #SUPERSEDES_TAG}) whose objects are still stored: an
   * erasure that was interrupted or is blocked by object lock. Not part of {@link #backups()}.
   */
  public List<StoredBackup> superseded() {
    return superseded;
  }

  /** What could not be accounted for; reported, never acted on. */
  public List<CatalogProblem> problems() {
    return problems;
  }

  /** The backup with this artifact id, or else with this name (e.g. its snapshot name). */
  public Optional<StoredBackup> find(String artifactIdOrName) {
    return backups.stream()
        .filter(backup -> backup.artifactId().equals(artifactIdOrName))
        .findFirst()
        .or(
            () ->
                backups.stream()
                    .filter(
                        backup ->
                            backup.manifest().name().equals(artifactIdOrName)
                                || (backup.manifest().name() + RepositoryLayout.SEALED_SUFFIX)
                                    .equals(artifactIdOrName))
                    .findFirst());
  }

  /** The backups of one gateway, newest first. */
  public List<StoredBackup> forGateway(String gatewayId) {
    return backups.stream()
        .filter(backup -> backup.manifest().gatewayId().equals(gatewayId))
        .toList();
  }
}

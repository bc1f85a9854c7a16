package io.gatevault.crypto.rotation;

import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.RepositoryLayout;
import io.gatevault.core.storage.RepositoryObject;
import io.gatevault.crypto.DataKey;
import io.gatevault.crypto.Keyring;
import io.gatevault.crypto.WrappedDataKey;
import io.gatevault.crypto.WrappingKeyReference;
import io.gatevault.crypto.WrongKeyException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Key rotation ({@code gatevault keys rotate}): re-wraps the data key of every artifact on every
 * target under a new key-encryption key, without touching the sealed artifacts or their manifests,
 * then retires the old key objects.
 *
 * <ol>
 *   <li><b>Re-wrap.</b> For each artifact (found by its manifests): unwrap its newest key object
 *       with the current keyring, wrap the data key under the new keyring, check that the new
 *       wrapping opens to the same data key, and write it as {@code keys/<artifactId>.<newVersion>
 *       .key} (write-once) to every target holding the artifact, the same bytes everywhere.
 *   <li><b>Checkpoint.</b> Only when every artifact has its new key object on every target: {@code
 *       rewrapped-everywhere} in the journal.
 *   <li><b>Retire.</b> Per target and artifact: the new key object is read back and must open with
 *       the new keyring; only then are the older generations deleted.
 * </ol>
 *
 * Every step is recorded in a write-once journal ({@link RotationJournal}) on the targets. An
 * interrupted run is continued by running it again (the state on the targets says what is done: a
 * new key object present is not written again), and a run after a completed one changes nothing.
 * Manifests are write-once and keep naming the generation they were sealed with; readers find the
 * current key through {@link WrappedKeyObjects#newestFirst}.
 *
 * <p>One rotation at a time per repository; switch the encrypt service to the new key before
 * rotating, so no artifact is sealed under the old key afterwards (a later run would pick it up).
 * Failures propagate as they are: {@code BackupStoreException} (retriable when a target is
 * unavailable: run again), {@link WrongKeyException} (the current keyring opens no key object of an
 * artifact: permanent; nothing is retired).
 */
public final class KeyRotator {

  private final Clock clock;

  public KeyRotator() {
    this(Clock.systemUTC());
  }

  public KeyRotator(Clock clock) {
    this.clock = clock;
  }

  public RotationReport rotate(RotationRequest request) {
    Keyring newKeyring = request.newKeyring();
    WrappingKeyReference to = newKeyring.reference();
    int newVersion = to.keyVersion();
    WrappingKeyReference from = request.currentKeyring().reference();
    if (newVersion <= from.keyVersion()) {
      // Generations name key objects: an equal one would look rotated already and change nothing.
      throw new IllegalArgumentException(
          "The new key "
              + to.describe()
              + " must have a higher key version than the current key "
              + from.describe()
              + ": key objects are named by version. Set the new key's version to "
              + (from.keyVersion() + 1)
              + " or higher");
    }
    RotationJournal journal = new RotationJournal(to, clock);
    RotationProgress progress = request.progress();
    List<BackupStore> targets = request.targets();

    Map<ArtifactRef, Map<BackupStore, TreeSet<Integer>>> inventory = inventory(targets);
    boolean resumed = targets.stream().anyMatch(target -> target.exists(journal.started()));
    progress.started(journal.rotationId(), to, inventory.size(), resumed);
    for (BackupStore target : targets) {
      journal.record(
          target,
          journal.started(),
          ordered(
              "keyringId", to.keyringId(),
              "keyId", to.keyId(),
              "keyVersion", to.keyVersion(),
              "targets", targets.stream().map(t -> t.describe().targetId()).toList()));
    }

    int rewrapped = 0;
    int alreadyRewrapped = 0;
    int skippedNewer = 0;
    int written = 0;
    for (Map.Entry<ArtifactRef, Map<BackupStore, TreeSet<Integer>>> entry : inventory.entrySet()) {
      ArtifactRef artifact = entry.getKey();
      Map<BackupStore, TreeSet<Integer>> holders = entry.getValue();
      int newest =
          holders.values().stream()
              .filter(v -> !v.isEmpty())
              .mapToInt(TreeSet::last)
              .max()
              .orElse(0);
      if (newest > newVersion) {
        skippedNewer++;
        progress.skippedNewer(artifact.artifactId(), newest);
        continue;
      }
      List<BackupStore> lacking =
          holders.entrySet().stream()
              .filter(holder -> !holder.getValue().contains(newVersion))
              .map(Map.Entry::getKey)
              .toList();
      if (lacking.isEmpty()) {
        alreadyRewrapped++;
        progress.alreadyRewrapped(artifact.artifactId());
        continue;
      }
      byte[] newKeyObject = newKeyObject(artifact, holders, request);
      String key = artifact.wrappedKey(newVersion);
      for (BackupStore target : lacking) {
        target.put(key, newKeyObject);
        written++;
        journal.record(
            target,
            journal.rewrapped(artifact),
            ordered(
                "artifactId", artifact.artifactId(),
                "keyObject", key,
                "wrappedBy", new WrappedDataKey(newKeyObject, to).wrappingKeys()));
        progress.rewrapped(target.describe().targetId(), artifact.artifactId(), key);
      }
      rewrapped++;
    }

    for (BackupStore target : targets) {
      journal.record(target, journal.rewrappedEverywhere(), ordered("artifacts", inventory.size()));
    }
    progress.rewrappedEverywhere(inventory.size());

    // A fresh look: retire only what is there now, and only beside a readable new key object.
    int retired = 0;
    List<String> notRetired = new ArrayList<>();
    for (Map.Entry<ArtifactRef, Map<BackupStore, TreeSet<Integer>>> entry :
        inventory(targets).entrySet()) {
      ArtifactRef artifact = entry.getKey();
      for (Map.Entry<BackupStore, TreeSet<Integer>> holder : entry.getValue().entrySet()) {
        BackupStore target = holder.getKey();
        TreeSet<Integer> versions = holder.getValue();
        if (!versions.isEmpty() && versions.last() > newVersion) {
          continue;
        }
        if (!versions.contains(newVersion)) {
          notRetired.add(target.describe().targetId() + ": " + artifact.artifactId());
          continue;
        }
        List<Integer> old = List.copyOf(versions.headSet(newVersion, false));
        if (old.isEmpty() && target.exists(journal.retired(artifact))) {
          continue;
        }
        if (!old.isEmpty()
            && !opens(target.get(artifact.wrappedKey(newVersion)), artifact, newKeyring)) {
          notRetired.add(
              target.describe().targetId()
                  + ": "
                  + artifact.artifactId()
                  + " ("
                  + artifact.wrappedKey(newVersion)
                  + " does not open with "
                  + to.describe()
                  + "; the old key object is kept: delete the damaged one and run again)");
          continue;
        }
        List<String> deleted = new ArrayList<>();
        for (int version : old) {
          String oldKey = artifact.wrappedKey(version);
          if (target.delete(oldKey)) {
            retired++;
            deleted.add(oldKey);
            progress.retired(target.describe().targetId(), oldKey);
          }
        }
        journal.record(
            target,
            journal.retired(artifact),
            ordered("artifactId", artifact.artifactId(), "deleted", deleted));
      }
    }

    if (notRetired.isEmpty()) {
      for (BackupStore target : targets) {
        journal.record(
            target,
            journal.completed(),
            ordered("artifacts", inventory.size(), "skippedNewer", skippedNewer));
      }
    }
    RotationReport report =
        new RotationReport(
            journal.rotationId(),
            to,
            inventory.size(),
            rewrapped,
            alreadyRewrapped,
            skippedNewer,
            written,
            retired,
            resumed,
            notRetired);
    progress.finished(report);
    return report;
  }

  /**
   * The new key object's bytes: the one an earlier run wrote to some holder (so every target ends
   * up with the same bytes), else a fresh wrapping of the data key from the newest old key object
   * the current keyring opens.
   */
  private static byte[] newKeyObject(
      ArtifactRef artifact, Map<BackupStore, TreeSet<Integer>> holders, RotationRequest request) {
    Keyring newKeyring = request.newKeyring();
    int newVersion = newKeyring.reference().keyVersion();
    for (Map.Entry<BackupStore, TreeSet<Integer>> holder : holders.entrySet()) {
      if (holder.getValue().contains(newVersion)) {
        byte[] bytes = holder.getKey().get(artifact.wrappedKey(newVersion));
        // Reused only if it opens with the new key; a damaged one is reported when retiring.
        if (opens(bytes, artifact, newKeyring)) {
          return bytes;
        }
      }
    }
    List<WrappedDataKey> candidates = new ArrayList<>();
    for (Map.Entry<BackupStore, TreeSet<Integer>> holder : holders.entrySet()) {
      for (int version : holder.getValue().descendingSet()) {
        byte[] bytes = holder.getKey().get(artifact.wrappedKey(version));
        candidates.add(WrappedDataKey.fromKeyObject(bytes, request.currentKeyring().reference()));
      }
    }
    try (DataKey dataKey = request.currentKeyring().unwrapFirst(candidates, artifact.context())) {
      WrappedDataKey rewrapped = newKeyring.wrap(dataKey, artifact.context());
      try (DataKey check = newKeyring.unwrap(rewrapped, artifact.context())) {
        if (!check.sameKeyAs(dataKey)) {
          throw new IllegalStateException(
              "Re-wrapping the data key of artifact "
                  + artifact.artifactId()
                  + " under "
                  + newKeyring.reference().describe()
                  + " unwrapped to a different key; nothing was written for it");
        }
      }
      return rewrapped.bytes();
    }
  }

  private static boolean opens(byte[] keyObject, ArtifactRef artifact, Keyring keyring) {
    try (DataKey opened =
        keyring.unwrap(new WrappedDataKey(keyObject, keyring.reference()), artifact.context())) {
      return true;
    } catch (WrongKeyException e) {
      return false;
    }
  }

  /**
   * Artifacts by manifest, each with the targets holding it and the key generations there. Key
   * objects without a manifest (orphans of a crashed write) are left alone.
   */
  private static Map<ArtifactRef, Map<BackupStore, TreeSet<Integer>>> inventory(
      List<BackupStore> targets) {
    Map<ArtifactRef, Map<BackupStore, TreeSet<Integer>>> artifacts = new TreeMap<>();
    for (BackupStore target : targets) {
      Map<ArtifactRef, TreeSet<Integer>> keys = new TreeMap<>();
      List<ArtifactRef> manifests = new ArrayList<>();
      for (String key : target.list(RepositoryLayout.versionPrefix())) {
        RepositoryObject parsed;
        try {
          parsed = RepositoryLayout.parse(key);
        } catch (IllegalArgumentException notALayoutKey) {
          continue;
        }
        if (parsed instanceof RepositoryObject.Manifest manifest) {
          manifests.add(
              new ArtifactRef(manifest.environment(), manifest.gatewayId(), manifest.artifactId()));
        } else if (parsed instanceof RepositoryObject.WrappedKey wrapped) {
          keys.computeIfAbsent(
                  new ArtifactRef(wrapped.environment(), wrapped.gatewayId(), wrapped.artifactId()),
                  k -> new TreeSet<>())
              .add(wrapped.keyVersion());
        }
      }
      for (ArtifactRef artifact : manifests) {
        artifacts
            .computeIfAbsent(artifact, a -> new LinkedHashMap<>())
            .put(target, keys.getOrDefault(artifact, new TreeSet<>()));
      }
    }
    return artifacts;
  }

  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      fields.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return fields;
  }
}

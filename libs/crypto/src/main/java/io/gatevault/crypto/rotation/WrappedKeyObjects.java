package io.gatevault.crypto.rotation;

import io.gatevault.core.event.KeyReference;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.ManifestDocument;
import io.gatevault.core.storage.RepositoryLayout;
import io.gatevault.core.storage.RepositoryObject;
import io.gatevault.crypto.WrappedDataKey;
import io.gatevault.crypto.WrappingKeyReference;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds an artifact's key objects ({@code keys/<artifactId>.<keyVersion>.key}) on one target. A
 * manifest is written once and keeps naming the key generation the artifact was sealed with; after
 * a rotation the current data key is the newest key object that the configured keyring opens
 * (docs/repository-format.md, "Key rotation"). Readers (verify, restore) pass {@link #newestFirst}
 * to {@code EnvelopeUnsealer}, which unwraps the first one its keyring opens.
 */
public final class WrappedKeyObjects {

  private WrappedKeyObjects() {}

  /** The artifact's key objects on {@code store}, newest generation first. */
  public static List<WrappedDataKey> newestFirst(BackupStore store, ManifestDocument manifest) {
    KeyReference sealedWith = manifest.keyReference();
    WrappingKeyReference fallback =
        new WrappingKeyReference(
            sealedWith.keyringId(), sealedWith.keyId(), sealedWith.keyVersion());
    List<WrappedDataKey> keys = new ArrayList<>();
    for (int version :
        versions(store, manifest.environment(), manifest.gatewayId(), manifest.artifactId())) {
      String key =
          RepositoryLayout.wrappedKey(
              manifest.environment(), manifest.gatewayId(), manifest.artifactId(), version);
      keys.add(WrappedDataKey.fromKeyObject(store.get(key), fallback));
    }
    return keys;
  }

  /** Generations of the artifact's key objects present on {@code store}, newest first. */
  public static List<Integer> versions(
      BackupStore store, String environment, String gatewayId, String artifactId) {
    // keys/<artifactId>.1.key without its "1.key": the prefix of every generation.
    String first = RepositoryLayout.wrappedKey(environment, gatewayId, artifactId, 1);
    String prefix = first.substring(0, first.length() - "1.key".length());
    List<Integer> versions = new ArrayList<>();
    for (String key : store.list(prefix)) {
      RepositoryObject parsed;
      try {
        parsed = RepositoryLayout.parse(key);
      } catch (IllegalArgumentException notALayoutKey) {
        continue;
      }
      // The prefix "keys/<id>." also matches artifact ids that start with "<id>.".
      if (parsed instanceof RepositoryObject.WrappedKey wrapped
          && wrapped.artifactId().equals(artifactId)) {
        versions.add(wrapped.keyVersion());
      }
    }
    versions.sort(Comparator.reverseOrder());
    return versions;
  }
}

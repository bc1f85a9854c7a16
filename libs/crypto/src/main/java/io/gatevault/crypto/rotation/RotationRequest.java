package io.gatevault.crypto.rotation;

import io.gatevault.core.storage.BackupStore;
import io.gatevault.crypto.Keyring;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One key rotation: re-wrap the data key of every artifact on every target under {@code
 * newKeyring}'s key, then retire the older key objects.
 *
 * @param targets every configured backup target (all must be reachable: old key objects are retired
 *     only when every target has the new ones)
 * @param currentKeyring opens the existing key objects (the old key; a {@code MultiKeyring} when
 *     artifacts are under several old keys)
 * @param newKeyring wraps the data keys from now on; its key version is the new key objects'
 *     generation and must be higher than the old ones'
 * @param progress told of every step
 */
public record RotationRequest(
    List<BackupStore> targets,
    Keyring currentKeyring,
    Keyring newKeyring,
    RotationProgress progress) {

  public RotationRequest {
    if (targets == null || targets.isEmpty()) {
      throw new IllegalArgumentException("A key rotation needs at least one backup target");
    }
    targets = List.copyOf(targets);
    Set<String> ids = new HashSet<>();
    for (BackupStore target : targets) {
      if (!ids.add(target.describe().targetId())) {
        throw new IllegalArgumentException(
            "Target '" + target.describe().targetId() + "' is listed twice for the rotation");
      }
    }
    if (currentKeyring == null || newKeyring == null) {
      throw new IllegalArgumentException(
          "A key rotation needs the current keyring (to unwrap) and the new one (to re-wrap)");
    }
    if (progress == null) {
      progress = RotationProgress.SILENT;
    }
  }

  public RotationRequest(List<BackupStore> targets, Keyring currentKeyring, Keyring newKeyring) {
    this(targets, currentKeyring, newKeyring, RotationProgress.SILENT);
  }
}

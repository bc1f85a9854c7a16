package io.gatevault.crypto.rotation;

import io.gatevault.crypto.WrappingKeyReference;
import java.util.List;

/**
 * What one run of {@link KeyRotator#rotate} did.
 *
 * @param rotationId names the rotation and its journal ({@code rotations/<rotationId>/} on every
 *     target); the same for every run rotating to the same key
 * @param to the key every data key is now wrapped under
 * @param artifacts artifacts found (by manifest) on all targets together
 * @param rewrapped artifacts re-wrapped by this run
 * @param alreadyRewrapped artifacts an earlier run had re-wrapped everywhere
 * @param skippedNewer artifacts already under a newer key generation than {@code to}
 * @param keyObjectsWritten new key objects written by this run (one per artifact and target)
 * @param keyObjectsRetired old key objects deleted by this run
 * @param resumed an interrupted earlier run of this rotation was continued
 * @param notRetired {@code <targetId>: <artifactId>} whose old key objects were kept because the
 *     target lacked the new one (e.g. replicated there during the rotation: run again) or its new
 *     one does not open with the new key (the reason follows in parentheses)
 */
public record RotationReport(
    String rotationId,
    WrappingKeyReference to,
    int artifacts,
    int rewrapped,
    int alreadyRewrapped,
    int skippedNewer,
    int keyObjectsWritten,
    int keyObjectsRetired,
    boolean resumed,
    List<String> notRetired) {

  public RotationReport {
    notRetired = List.copyOf(notRetired);
  }

  /** Every artifact is under the new key on every target and no old key object is left. */
  public boolean complete() {
    return notRetired.isEmpty();
  }

  /** This run changed nothing: the rotation had been completed before. */
  public boolean nothingToDo() {
    return keyObjectsWritten == 0 && keyObjectsRetired == 0 && notRetired.isEmpty();
  }
}

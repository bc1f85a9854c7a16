package io.gatevault.crypto;

import java.util.ArrayList;
import java.util.List;

/**
 * Port to whatever holds the key-encryption keys: wraps fresh data keys for new artifacts and
 * unwraps them for verify and restore. Implementations: {@link RawAesKeyring} (a PKCS12 keystore
 * kept outside every backup target). An AWS KMS keyring and a multi-keyring (a second, offline
 * recovery key wrapping the same data key) fit behind the same two calls: the wrapped bytes may
 * hold several encrypted copies of the data key, and unwrapping succeeds with any key this keyring
 * has.
 */
public interface Keyring {

  /** The key new data keys are wrapped under (for a multi-keyring: its primary key). */
  WrappingKeyReference reference();

  /**
   * Wraps {@code dataKey}, binding it to {@code context}.
   *
   * @throws KeyringUnavailableException when the keyring cannot be reached (transient for a KMS)
   */
  WrappedDataKey wrap(DataKey dataKey, EncryptionContext context);

  /**
   * Unwraps a data key wrapped for {@code context}.
   *
   * @throws WrongKeyException when none of this keyring's keys opens it, or the context differs
   *     from the one it was wrapped for (permanent)
   * @throws KeyringUnavailableException when the keyring cannot be reached (transient for a KMS)
   */
  DataKey unwrap(WrappedDataKey wrapped, EncryptionContext context);

  /**
   * Unwraps the first of several key objects of one artifact that this keyring opens: after a key
   * rotation an artifact has a newer key object (under the new key) and, until it is retired, the
   * older one. Pass them newest first, so the current key wins and a disabled old key is never
   * needed.
   *
   * @throws WrongKeyException when none opens, naming why each one did not
   * @throws KeyringUnavailableException at once when the keyring cannot be reached (transient)
   */
  default DataKey unwrapFirst(List<WrappedDataKey> newestFirst, EncryptionContext context) {
    if (newestFirst.isEmpty()) {
      throw new WrongKeyException(
          context.artifactId(),
          "Artifact "
              + context.artifactId()
              + " has no wrapped data key object (keys/"
              + context.artifactId()
              + ".<keyVersion>.key): the copy is incomplete, use another replica",
          null);
    }
    List<String> refusals = new ArrayList<>();
    WrongKeyException last = null;
    for (WrappedDataKey candidate : newestFirst) {
      try {
        return unwrap(candidate, context);
      } catch (WrongKeyException e) {
        refusals.add(e.getMessage());
        last = e;
      }
    }
    if (refusals.size() == 1) {
      throw last;
    }
    throw new WrongKeyException(
        context.artifactId(),
        "None of the "
            + refusals.size()
            + " key objects of artifact "
            + context.artifactId()
            + " unwraps: "
            + String.join(" | ", refusals),
        last);
  }
}

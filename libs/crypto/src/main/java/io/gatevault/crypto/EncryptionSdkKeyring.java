package io.gatevault.crypto;

import java.util.List;
import software.amazon.cryptography.materialproviders.IKeyring;

/**
 * A {@link Keyring} built on an AWS Encryption SDK keyring, so a {@link MultiKeyring} can combine
 * it with others: the SDK's multi-keyring needs the SDK keyrings themselves, not our port.
 */
interface EncryptionSdkKeyring extends Keyring {

  /** The SDK keyring doing the wrapping. */
  IKeyring sdkKeyring();

  /** Every key-encryption key this keyring can unwrap with, its primary first. */
  List<WrappingKeyReference> references();
}

package io.gatevault.crypto;

import com.amazonaws.encryptionsdk.AwsCrypto;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import javax.crypto.SecretKey;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.AesWrappingAlg;
import software.amazon.cryptography.materialproviders.model.CreateRawAesKeyringInput;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;

/**
 * A {@link Keyring} on the AWS Encryption SDK's raw AES keyring: an AES-256 key-encryption key
 * (from a PKCS12 keystore, see {@link KeystoreLoader}) wraps each data key in an Encryption SDK
 * message whose encryption context is the artifact's {@link EncryptionContext}, enforced when
 * unwrapping.
 *
 * <p>The SDK's key namespace is the keyring id and its key name is {@code <keyId>/v<keyVersion>},
 * so a data key wrapped under another key or another generation of it is refused with a message
 * naming both keys. The suite is the SDK's committing, unsigned AES-256-GCM: signatures add nothing
 * when only holders of the symmetric key can wrap anyway.
 */
public final class RawAesKeyring implements Keyring, EncryptionSdkKeyring {

  private final WrappingKeyReference reference;
  private final IKeyring keyring;
  private final AwsCrypto crypto;

  /**
   * @param reference names the key-encryption key (keyring id, alias, version)
   * @param keyEncryptionKey the AES-256 key itself
   */
  public RawAesKeyring(WrappingKeyReference reference, SecretKey keyEncryptionKey) {
    byte[] encoded = keyEncryptionKey.getEncoded();
    try {
      if (encoded == null || encoded.length != 32) {
        throw new IllegalArgumentException(
            "The key-encryption key "
                + reference.describe()
                + " must be a 256-bit AES key, but is "
                + (encoded == null ? "not extractable" : encoded.length * 8 + " bits"));
      }
      this.reference = reference;
      MaterialProviders materialProviders =
          MaterialProviders.builder()
              .MaterialProvidersConfig(MaterialProvidersConfig.builder().build())
              .build();
      this.keyring =
          materialProviders.CreateRawAesKeyring(
              CreateRawAesKeyringInput.builder()
                  .keyNamespace(reference.keyringId())
                  .keyName(sdkKeyName(reference))
                  .wrappingKey(ByteBuffer.wrap(encoded))
                  .wrappingAlg(AesWrappingAlg.ALG_AES256_GCM_IV12_TAG16)
                  .build());
      this.crypto = UnwrapFailure.crypto();
    } finally {
      if (encoded != null) {
        Arrays.fill(encoded, (byte) 0);
      }
    }
  }

  @Override
  public WrappingKeyReference reference() {
    return reference;
  }

  @Override
  public IKeyring sdkKeyring() {
    return keyring;
  }

  @Override
  public List<WrappingKeyReference> references() {
    return List.of(reference);
  }

  @Override
  public WrappedDataKey wrap(DataKey dataKey, EncryptionContext context) {
    byte[] plain = dataKey.copyOfBytes();
    try {
      byte[] wrapped = crypto.encryptData(keyring, plain, context.asMap()).getResult();
      return new WrappedDataKey(wrapped, reference);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  @Override
  public DataKey unwrap(WrappedDataKey wrapped, EncryptionContext context) {
    byte[] plain = null;
    try {
      plain = crypto.decryptData(keyring, wrapped.bytes(), context.asMap()).getResult();
      return DataKey.of(plain);
    } catch (RuntimeException e) {
      throw new WrongKeyException(
          context.artifactId(),
          UnwrapFailure.explain(
              "key "
                  + reference.keyId()
                  + " v"
                  + reference.keyVersion()
                  + " (keyring "
                  + reference.keyringId()
                  + ")",
              List.of(reference),
              wrapped,
              context,
              e),
          e);
    } finally {
      if (plain != null) {
        Arrays.fill(plain, (byte) 0);
      }
    }
  }

  static String sdkKeyName(WrappingKeyReference reference) {
    return reference.keyId() + "/v" + reference.keyVersion();
  }
}

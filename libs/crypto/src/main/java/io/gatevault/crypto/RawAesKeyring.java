package io.gatevault.crypto;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoAlgorithm;
import com.amazonaws.encryptionsdk.ParsedCiphertext;
import com.amazonaws.encryptionsdk.model.KeyBlob;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
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
public final class RawAesKeyring implements Keyring {

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
      this.crypto =
          AwsCrypto.builder()
              .withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt)
              .withEncryptionAlgorithm(CryptoAlgorithm.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY)
              .withMaxEncryptedDataKeys(8)
              .build();
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
      throw new WrongKeyException(context.artifactId(), explain(wrapped, context, e), e);
    } finally {
      if (plain != null) {
        Arrays.fill(plain, (byte) 0);
      }
    }
  }

  /** Reads the wrapped key's own header to say which key and context it was wrapped for. */
  private String explain(WrappedDataKey wrapped, EncryptionContext expected, RuntimeException e) {
    String prefix =
        "The data key of artifact "
            + expected.artifactId()
            + " cannot be unwrapped with key "
            + reference.keyId()
            + " v"
            + reference.keyVersion()
            + " (keyring "
            + reference.keyringId()
            + ")";
    ParsedCiphertext parsed;
    try {
      parsed = new ParsedCiphertext(wrapped.bytes());
    } catch (RuntimeException unparseable) {
      return prefix
          + ": the wrapped key is not a readable Encryption SDK message (it was damaged); use"
          + " another replica of keys/"
          + expected.artifactId()
          + ".*.key";
    }
    Map<String, String> actual = new TreeMap<>(parsed.getEncryptionContextMap());
    Map<String, String> wanted = new TreeMap<>(expected.asMap());
    actual.keySet().retainAll(wanted.keySet());
    if (!actual.equals(wanted)) {
      return prefix
          + ": it was wrapped for encryption context "
          + actual
          + ", not "
          + wanted
          + ": the key file belongs to another artifact, gateway or environment";
    }
    String wrappers =
        parsed.getEncryptedKeyBlobs().stream()
            .map(RawAesKeyring::describeBlob)
            .collect(Collectors.joining(", "));
    boolean ours =
        parsed.getEncryptedKeyBlobs().stream()
            .anyMatch(
                blob ->
                    describeBlob(blob).equals(reference.keyringId() + "/" + sdkKeyName(reference)));
    if (ours) {
      return prefix
          + ": it names this key, but the key does not open it: the keystore holds a different"
          + " key under alias "
          + reference.keyId()
          + " than the one it was sealed with (was it regenerated?), or the wrapped key was"
          + " altered. Restore the original keystore ("
          + e.getClass().getSimpleName()
          + ")";
    }
    return prefix
        + ": was it sealed under another keyring? It was wrapped by "
        + wrappers
        + ". Configure gatevault.keyring.key-alias / key-version (and the keystore) that hold"
        + " that key";
  }

  private static String describeBlob(KeyBlob blob) {
    byte[] info = blob.getProviderInformation();
    // The raw AES keyring's provider info is the key name, then tag length, IV length and IV
    // (4 + 4 + 12 bytes).
    int nameLength = Math.max(0, info.length - 20);
    return blob.getProviderId() + "/" + new String(info, 0, nameLength, StandardCharsets.UTF_8);
  }

  static String sdkKeyName(WrappingKeyReference reference) {
    return reference.keyId() + "/v" + reference.keyVersion();
  }
}

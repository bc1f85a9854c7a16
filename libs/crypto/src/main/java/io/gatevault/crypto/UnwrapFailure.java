package io.gatevault.crypto;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoAlgorithm;
import com.amazonaws.encryptionsdk.ParsedCiphertext;
import com.amazonaws.encryptionsdk.model.KeyBlob;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the Encryption SDK keyrings share: the SDK settings every wrapped data key is written with,
 * and the explanation of a failed unwrap read from the wrapped key's own header (which keys wrapped
 * it, for which context), so the message says what to configure instead.
 */
final class UnwrapFailure {

  /** Provider id of the SDK's AWS KMS keyrings; their provider info is the whole key ARN. */
  static final String AWS_KMS_PROVIDER = "aws-kms";

  private UnwrapFailure() {}

  /** Committing, unsigned suite: signatures add nothing when only key holders can wrap anyway. */
  static AwsCrypto crypto() {
    return AwsCrypto.builder()
        .withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt)
        .withEncryptionAlgorithm(CryptoAlgorithm.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY)
        .withMaxEncryptedDataKeys(8)
        .build();
  }

  /**
   * @param configured the configured keys as people read them, e.g. {@code key kek v1 (keyring
   *     local-keystore)}
   * @param ours the references of the configured keys
   */
  static String explain(
      String configured,
      List<WrappingKeyReference> ours,
      WrappedDataKey wrapped,
      EncryptionContext expected,
      RuntimeException e) {
    String prefix =
        "The data key of artifact "
            + expected.artifactId()
            + " cannot be unwrapped with "
            + configured;
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
    List<String> wrappers =
        parsed.getEncryptedKeyBlobs().stream().map(UnwrapFailure::describeBlob).toList();
    Optional<WrappingKeyReference> named =
        ours.stream().filter(reference -> wrappers.contains(sdkName(reference))).findFirst();
    if (named.isPresent()) {
      return prefix
          + ": it names key "
          + named.get().describe()
          + ", but the key does not open it: the keystore holds a different key under alias "
          + named.get().keyId()
          + " than the one it was sealed with (was it regenerated?), or the wrapped key was"
          + " altered. Restore the original keystore ("
          + e.getClass().getSimpleName()
          + ")";
    }
    return prefix
        + ": was it sealed under another keyring? It was wrapped by "
        + String.join(", ", wrappers)
        + ". Configure gatevault.keyring.key-alias / key-version (and the keystore) that hold"
        + " one of those keys";
  }

  /** The keys a wrapped data key was wrapped under, as {@code <keyringId>/<keyId>/v<version>}. */
  static List<String> wrappersOf(byte[] wrapped) {
    return new ParsedCiphertext(wrapped)
        .getEncryptedKeyBlobs().stream().map(UnwrapFailure::describeBlob).toList();
  }

  static String sdkName(WrappingKeyReference reference) {
    return reference.keyringId() + "/" + RawAesKeyring.sdkKeyName(reference);
  }

  static String describe(List<WrappingKeyReference> references) {
    return references.stream()
        .map(WrappingKeyReference::describe)
        .collect(Collectors.joining(", "));
  }

  private static String describeBlob(KeyBlob blob) {
    byte[] info = blob.getProviderInformation();
    if (AWS_KMS_PROVIDER.equals(blob.getProviderId())) {
      return blob.getProviderId() + "/" + new String(info, StandardCharsets.UTF_8);
    }
    // The raw AES keyring's provider info is the key name, then tag length, IV length and IV
    // (4 + 4 + 12 bytes).
    int nameLength = Math.max(0, info.length - 20);
    return blob.getProviderId() + "/" + new String(info, 0, nameLength, StandardCharsets.UTF_8);
  }
}

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
    return explain(
        configured,
        ours,
        wrapped,
        expected,
        named ->
            "it names key "
                + named.describe()
                + ", but the key does not open it: the keystore holds a different key under alias "
                + named.keyId()
                + " than the one it was sealed with (was it regenerated?), or the wrapped key was"
                + " altered. Restore the original keystore ("
                + e.getClass().getSimpleName()
                + ")");
  }

  /**
   * @param ourKeyRefused what to say when the wrapped key names one of the configured keys and
   *     still does not open (the key material or its service refused)
   */
  static String explain(
      String configured,
      List<WrappingKeyReference> ours,
      WrappedDataKey wrapped,
      EncryptionContext expected,
      java.util.function.Function<WrappingKeyReference, String> ourKeyRefused) {
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
      return prefix + ": " + ourKeyRefused.apply(named.get());
    }
    return prefix
        + ": was it sealed under another keyring? It was wrapped by "
        + String.join(", ", wrappers)
        + ". Configure gatevault.keyring.key-alias / key-version (and the keystore) that hold"
        + " one of those keys";
  }

  /**
   * The SDK's message, or for its error collections ("No Configured KMS Key was able to decrypt…")
   * the messages of the errors collected, which say what KMS answered.
   */
  static String detail(Throwable failure) {
    if (failure instanceof software.amazon.cryptography.materialproviders.model.CollectionOfErrors c
        && !c.list().isEmpty()) {
      return c.list().stream().map(UnwrapFailure::detail).collect(Collectors.joining("; "));
    }
    if (failure instanceof software.amazon.cryptography.materialproviders.model.OpaqueError o
        && o.obj() instanceof Throwable wrapped) {
      return detail(wrapped);
    }
    return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
  }

  /** The keys a wrapped data key was wrapped under, as {@code <keyringId>/<keyId>/v<version>}. */
  static List<String> wrappersOf(byte[] wrapped) {
    return new ParsedCiphertext(wrapped)
        .getEncryptedKeyBlobs().stream().map(UnwrapFailure::describeBlob).toList();
  }

  static String sdkName(WrappingKeyReference reference) {
    if (AWS_KMS_PROVIDER.equals(reference.keyringId())) {
      // A KMS key carries its own versions (rotated key material); the SDK names it by ARN only.
      return AWS_KMS_PROVIDER + "/" + reference.keyId();
    }
    return reference.keyringId() + "/" + RawAesKeyring.sdkKeyName(reference);
  }

  /**
   * Whether a failure of the SDK (or of the KMS behind it) may pass: the KMS did not answer, timed
   * out, was throttled or failed internally (5xx). Looks through the SDK's error collections.
   */
  static boolean isTransient(Throwable failure) {
    java.util.ArrayDeque<Throwable> pending = new java.util.ArrayDeque<>();
    java.util.Set<Throwable> seen =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    pending.add(failure);
    while (!pending.isEmpty()) {
      Throwable next = pending.poll();
      if (next == null || !seen.add(next)) {
        continue;
      }
      if (next instanceof software.amazon.awssdk.awscore.exception.AwsServiceException service) {
        if (service.statusCode() >= 500 || service.isThrottlingException()) {
          return true;
        }
      } else if (next instanceof software.amazon.awssdk.core.exception.SdkClientException
          || next instanceof java.io.IOException) {
        return true;
      }
      List<Throwable> related = new java.util.ArrayList<>();
      if (next
          instanceof software.amazon.cryptography.materialproviders.model.CollectionOfErrors c) {
        related.addAll(c.list());
      }
      if (next instanceof software.amazon.cryptography.materialproviders.model.OpaqueError o
          && o.obj() instanceof Throwable wrapped) {
        related.add(wrapped);
      }
      related.add(next.getCause());
      related.addAll(List.of(next.getSuppressed()));
      related.stream().filter(java.util.Objects::nonNull).forEach(pending::add);
    }
    return false;
  }

  static String describe(List<WrappingKeyReference> references) {
    return references.stream()
        .map(WrappingKeyReference::describe)
        .collect(Collectors.joining(", "));
  }

  private static String describeBlob(KeyBlob blob) {
    byte[] info = blob.getProviderInformation();
    if (AWS_KMS_PROVIDER.equals(blob.getProviderId())
        || RsaRecoveryKeyring.KEYRING_ID.equals(blob.getProviderId())) {
      // KMS: the key ARN; the raw RSA keyring: the key name alone.
      return blob.getProviderId() + "/" + new String(info, StandardCharsets.UTF_8);
    }
    // The raw AES keyring's provider info is the key name, then tag length, IV length and IV
    // (4 + 4 + 12 bytes).
    int nameLength = Math.max(0, info.length - 20);
    return blob.getProviderId() + "/" + new String(info, 0, nameLength, StandardCharsets.UTF_8);
  }
}

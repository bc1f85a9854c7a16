package io.gatevault.crypto;

import com.amazonaws.encryptionsdk.AwsCrypto;
import java.util.Arrays;
import java.util.List;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsKeyringInput;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;

/**
 * A {@link Keyring} on an AWS KMS key, through the Encryption SDK's (strict) AWS KMS keyring and
 * SDK v2: wrapping asks KMS for a data key ({@code kms:GenerateDataKey}, or {@code kms:Encrypt} as
 * a child of a {@link MultiKeyring}), unwrapping calls {@code kms:Decrypt} with the artifact's
 * encryption context, which KMS enforces and CloudTrail records. The key-encryption key never
 * leaves KMS.
 *
 * <p>The {@link KmsClient} is the caller's: region, credentials, TLS trust store and, for a VPC
 * endpoint or a test KMS, {@code endpointOverride}. A KMS that does not answer, throttles or fails
 * internally gives {@link KeyringUnavailableException} (retry with backoff); a key KMS refuses to
 * wrap under gives {@link KeyringRefusedException}; a data key it refuses to unwrap (other key or
 * context, key disabled) gives {@link WrongKeyException}.
 *
 * <p>Pair it with an offline recovery key ({@code MultiKeyring.withRecoveryKey(kms, recovery)}) so
 * every backup can still be opened if the KMS key is lost or deleted.
 */
public final class AwsKmsKeyring implements Keyring, EncryptionSdkKeyring {

  /** Keyring id recorded in key references (and the SDK's provider id for KMS). */
  public static final String KEYRING_ID = UnwrapFailure.AWS_KMS_PROVIDER;

  private final WrappingKeyReference reference;
  private final IKeyring keyring;
  private final AwsCrypto crypto;

  /**
   * @param keyArn the KMS key's ARN (the strict keyring needs the ARN, not an alias)
   * @param keyVersion Gatevault's generation of this key: a rotation to another KMS key raises it
   * @param client the KMS client to call
   */
  public AwsKmsKeyring(String keyArn, int keyVersion, KmsClient client) {
    if (keyArn == null || !keyArn.startsWith("arn:")) {
      throw new IllegalArgumentException(
          "gatevault.keyring.kms-key-arn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/"
              + "<id>), but is '"
              + keyArn
              + "'");
    }
    this.reference = new WrappingKeyReference(KEYRING_ID, keyArn, keyVersion);
    this.keyring =
        MaterialProviders.builder()
            .MaterialProvidersConfig(MaterialProvidersConfig.builder().build())
            .build()
            .CreateAwsKmsKeyring(
                CreateAwsKmsKeyringInput.builder().kmsKeyId(keyArn).kmsClient(client).build());
    this.crypto = UnwrapFailure.crypto();
  }

  @Override
  public WrappingKeyReference reference() {
    return reference;
  }

  @Override
  public List<WrappingKeyReference> references() {
    return List.of(reference);
  }

  @Override
  public IKeyring sdkKeyring() {
    return keyring;
  }

  @Override
  public WrappedDataKey wrap(DataKey dataKey, EncryptionContext context) {
    byte[] plain = dataKey.copyOfBytes();
    try {
      byte[] wrapped = crypto.encryptData(keyring, plain, context.asMap()).getResult();
      return new WrappedDataKey(wrapped, reference);
    } catch (RuntimeException e) {
      if (UnwrapFailure.isTransient(e)) {
        throw unavailable("Wrapping", context, e);
      }
      throw new KeyringRefusedException(
          "KMS refused to wrap the data key of artifact "
              + context.artifactId()
              + " under "
              + reference.keyId()
              + ": check that the key exists, is enabled and that this service may call"
              + " kms:GenerateDataKey on it ("
              + UnwrapFailure.detail(e)
              + ")",
          e);
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
      if (UnwrapFailure.isTransient(e)) {
        throw unavailable("Unwrapping", context, e);
      }
      throw new WrongKeyException(
          context.artifactId(),
          UnwrapFailure.explain(
              "KMS key " + reference.keyId(),
              List.of(reference),
              wrapped,
              context,
              named ->
                  "it was wrapped under this KMS key, but KMS refused kms:Decrypt: the key is"
                      + " disabled or pending deletion (re-enable it, or open the backup with the"
                      + " recovery key), or this service's role lacks kms:Decrypt on it (KMS said: "
                      + UnwrapFailure.detail(e)
                      + ")"),
          e);
    } finally {
      if (plain != null) {
        Arrays.fill(plain, (byte) 0);
      }
    }
  }

  private KeyringUnavailableException unavailable(
      String what, EncryptionContext context, RuntimeException e) {
    return new KeyringUnavailableException(
        what
            + " the data key of artifact "
            + context.artifactId()
            + " failed because KMS ("
            + reference.keyId()
            + ") did not answer or failed internally: "
            + UnwrapFailure.detail(e)
            + "; retry with backoff",
        e);
  }
}

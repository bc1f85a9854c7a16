package io.gatevault.crypto;

import com.amazonaws.encryptionsdk.AwsCrypto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.CreateMultiKeyringInput;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;

/**
 * The Encryption SDK's multi-keyring: every data key is wrapped under the primary (generator) key
 * <em>and</em> under each child key, all copies in the one wrapped-key message, so any one of the
 * keys alone unwraps it. The intended child is an offline recovery key (a second PKCS12 keystore,
 * {@link KeystoreSettings#RECOVERY_KEYRING_ID}) that can open every backup if the primary key (or
 * the KMS holding it) is lost: keep its keystore away from the primary's and from every target.
 *
 * <p>Unwrapping with this keyring tries the keys in order; a plain {@link RawAesKeyring} on just
 * the recovery (or just the primary) key unwraps the same bytes too.
 */
public final class MultiKeyring implements Keyring, EncryptionSdkKeyring {

  private final EncryptionSdkKeyring generator;
  private final List<WrappingKeyReference> references;
  private final IKeyring keyring;
  private final AwsCrypto crypto;

  /**
   * @param generator the primary key: data keys are recorded as wrapped by it
   * @param children further keys every data key is also wrapped under (e.g. the recovery key)
   * @throws IllegalArgumentException when a keyring is not an Encryption SDK keyring of this
   *     package or a key appears twice
   */
  public MultiKeyring(Keyring generator, List<? extends Keyring> children) {
    if (children == null || children.isEmpty()) {
      throw new IllegalArgumentException(
          "A multi-keyring needs at least one child keyring (e.g. the recovery key) besides the"
              + " primary "
              + generator.reference().describe());
    }
    this.generator = sdkBacked(generator);
    List<IKeyring> childKeyrings = new ArrayList<>();
    List<WrappingKeyReference> all = new ArrayList<>(this.generator.references());
    for (Keyring child : children) {
      EncryptionSdkKeyring sdkChild = sdkBacked(child);
      for (WrappingKeyReference reference : sdkChild.references()) {
        if (all.contains(reference)) {
          throw new IllegalArgumentException(
              "Key "
                  + reference.describe()
                  + " appears twice in the multi-keyring: the recovery key must be a different"
                  + " key from the primary");
        }
        all.add(reference);
      }
      childKeyrings.add(sdkChild.sdkKeyring());
    }
    this.references = List.copyOf(all);
    this.keyring =
        MaterialProviders.builder()
            .MaterialProvidersConfig(MaterialProvidersConfig.builder().build())
            .build()
            .CreateMultiKeyring(
                CreateMultiKeyringInput.builder()
                    .generator(this.generator.sdkKeyring())
                    .childKeyrings(childKeyrings)
                    .build());
    this.crypto = UnwrapFailure.crypto();
  }

  /** A multi-keyring of a primary and one recovery key. */
  public static MultiKeyring withRecoveryKey(Keyring primary, Keyring recovery) {
    return new MultiKeyring(primary, List.of(recovery));
  }

  @Override
  public WrappingKeyReference reference() {
    return generator.reference();
  }

  @Override
  public List<WrappingKeyReference> references() {
    return references;
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
      return new WrappedDataKey(wrapped, generator.reference());
    } catch (RuntimeException e) {
      if (UnwrapFailure.isTransient(e)) {
        throw new KeyringUnavailableException(
            "Wrapping the data key of artifact "
                + context.artifactId()
                + " failed because a key service did not answer ("
                + UnwrapFailure.detail(e)
                + "); retry later",
            e);
      }
      throw e;
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
    } catch (KeyringUnavailableException e) {
      throw e;
    } catch (RuntimeException e) {
      if (UnwrapFailure.isTransient(e)) {
        throw new KeyringUnavailableException(
            "Unwrapping the data key of artifact "
                + context.artifactId()
                + " failed because a key service did not answer ("
                + UnwrapFailure.detail(e)
                + "); retry later",
            e);
      }
      throw new WrongKeyException(
          context.artifactId(),
          UnwrapFailure.explain(
              "any of the keys " + UnwrapFailure.describe(references),
              references,
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

  private static EncryptionSdkKeyring sdkBacked(Keyring keyring) {
    if (keyring instanceof EncryptionSdkKeyring sdk) {
      return sdk;
    }
    throw new IllegalArgumentException(
        "Keyring "
            + keyring.reference().describe()
            + " ("
            + keyring.getClass().getSimpleName()
            + ") cannot be part of a multi-keyring: only Encryption SDK keyrings (RawAesKeyring,"
            + " AwsKmsKeyring, MultiKeyring) can");
  }
}

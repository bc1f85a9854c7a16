package io.gatevault.crypto;

import com.amazonaws.encryptionsdk.AwsCrypto;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.List;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.CreateRawRsaKeyringInput;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;
import software.amazon.cryptography.materialproviders.model.PaddingScheme;

/**
 * The offline recovery key as a public-key {@link Keyring}: the Material Providers library's raw
 * RSA keyring with OAEP-SHA256 on an RSA key of at least 3072 bits (new ones 4096, see {@link
 * RecoveryKeyFiles}). Sealing needs only the public key ({@link #publicHalf}), so the encrypt
 * service can wrap every data key under the recovery key without ever being able to unwrap with it;
 * the private half ({@link #privateHalf}) is loaded only for disaster recovery, by verify, restore
 * or the CLI.
 *
 * <p>As a child of a {@link MultiKeyring} (generator: the keystore or KMS key) every data key is
 * wrapped under both; either alone unwraps it.
 */
public final class RsaRecoveryKeyring implements Keyring, EncryptionSdkKeyring {

  /** Keyring id (the SDK's key namespace) of the public-key recovery key. */
  public static final String KEYRING_ID = "recovery-rsa";

  /** Key name used when none is configured. */
  public static final String DEFAULT_KEY_NAME = "gatevault-recovery";

  private final WrappingKeyReference reference;
  private final IKeyring keyring;
  private final boolean canUnwrap;
  private final AwsCrypto crypto;

  private RsaRecoveryKeyring(String keyName, PublicKey publicKey, PrivateKey privateKey) {
    this.reference = new WrappingKeyReference(KEYRING_ID, keyName, 1);
    CreateRawRsaKeyringInput.Builder input =
        CreateRawRsaKeyringInput.builder()
            .keyNamespace(KEYRING_ID)
            .keyName(RawAesKeyring.sdkKeyName(reference))
            .paddingScheme(PaddingScheme.OAEP_SHA256_MGF1);
    if (publicKey != null) {
      input.publicKey(pemBuffer("PUBLIC KEY", publicKey.getEncoded()));
    }
    byte[] privateDer = privateKey == null ? null : privateKey.getEncoded();
    try {
      if (privateDer != null) {
        input.privateKey(pemBuffer("PRIVATE KEY", privateDer));
      }
      this.keyring =
          MaterialProviders.builder()
              .MaterialProvidersConfig(MaterialProvidersConfig.builder().build())
              .build()
              .CreateRawRsaKeyring(input.build());
    } finally {
      if (privateDer != null) {
        Arrays.fill(privateDer, (byte) 0);
      }
    }
    this.canUnwrap = privateKey != null;
    this.crypto = UnwrapFailure.crypto();
  }

  /** The sealing side: wraps under the public key, can never unwrap. */
  public static RsaRecoveryKeyring publicHalf(String keyName, PublicKey publicKey) {
    if (publicKey == null) {
      throw new IllegalArgumentException("The recovery keyring needs the RSA public key");
    }
    return new RsaRecoveryKeyring(keyName, publicKey, null);
  }

  /** The disaster-recovery side: unwraps with the private key (it does not wrap). */
  public static RsaRecoveryKeyring privateHalf(String keyName, PrivateKey privateKey) {
    if (privateKey == null) {
      throw new IllegalArgumentException("The recovery keyring needs the RSA private key");
    }
    return new RsaRecoveryKeyring(keyName, null, privateKey);
  }

  /** Whether this keyring holds the private key (never true in the encrypt service). */
  public boolean canUnwrap() {
    return canUnwrap;
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
    if (canUnwrap) {
      throw new IllegalStateException(
          "The recovery keyring with the private key only unwraps; seal with the public key");
    }
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
    if (!canUnwrap) {
      throw new WrongKeyException(
          context.artifactId(),
          "The data key of artifact "
              + context.artifactId()
              + " cannot be unwrapped with the recovery key's public half: configure"
              + " gatevault.keyring.recovery.private-key (and its passphrase) for disaster"
              + " recovery",
          null);
    }
    byte[] plain = null;
    try {
      plain = crypto.decryptData(keyring, wrapped.bytes(), context.asMap()).getResult();
      return DataKey.of(plain);
    } catch (RuntimeException e) {
      throw new WrongKeyException(
          context.artifactId(),
          UnwrapFailure.explain(
              "recovery key " + reference.describe(),
              List.of(reference),
              wrapped,
              context,
              named ->
                  "it names recovery key "
                      + named.describe()
                      + ", but this private key does not open it: it is another key pair under"
                      + " the same name, or the wrapped key was altered ("
                      + e.getClass().getSimpleName()
                      + ")"),
          e);
    } finally {
      if (plain != null) {
        Arrays.fill(plain, (byte) 0);
      }
    }
  }

  private static ByteBuffer pemBuffer(String type, byte[] der) {
    return ByteBuffer.wrap(RecoveryKeyFiles.pem(type, der).getBytes(StandardCharsets.US_ASCII));
  }
}

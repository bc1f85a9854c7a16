package io.gatevault.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Envelope encryption of one artifact: a fresh random data key, the plaintext sealed under it by
 * the {@link StreamingSealer} (GVX1) with the encryption context as associated data, and the data
 * key wrapped by the {@link Keyring} for the same context. The data key never leaves this call
 * unwrapped.
 */
public final class EnvelopeSealer {

  /** The cipher name recorded in manifests for GVX1 artifacts. */
  public static final String CIPHER = "AES256_GCM_HKDF_SEGMENTED/GVX1";

  private final Keyring keyring;
  private final StreamingSealer sealer;
  private final SecureRandom random;

  public EnvelopeSealer(Keyring keyring) {
    this(keyring, new StreamingSealer(), new SecureRandom());
  }

  public EnvelopeSealer(Keyring keyring, StreamingSealer sealer, SecureRandom random) {
    this.keyring = keyring;
    this.sealer = sealer;
    this.random = random;
  }

  /** Seals {@code plaintext} into {@code sealed} (neither is closed). */
  public SealedEnvelope seal(InputStream plaintext, OutputStream sealed, EncryptionContext context)
      throws IOException {
    try (DataKey dataKey = DataKey.generate(random)) {
      // Wrap first: a keyring that cannot wrap fails before any sealing work is spent.
      WrappedDataKey wrapped = keyring.wrap(dataKey, context);
      MessageDigest sha256 = sha256();
      DigestOutputStream digesting = new DigestOutputStream(sealed, sha256);
      SealedSizes sizes = sealer.seal(plaintext, digesting, dataKey, context.associatedData());
      digesting.flush();
      return new SealedEnvelope(
          wrapped,
          wrapped.wrappedBy(),
          sizes.plaintextBytes(),
          sizes.ciphertextBytes(),
          HexFormat.of().formatHex(sha256.digest()));
    }
  }

  /** Seals a byte array in memory. */
  public SealedBytes seal(byte[] plaintext, EncryptionContext context) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(plaintext.length + 64);
    try {
      SealedEnvelope envelope = seal(new ByteArrayInputStream(plaintext), out, context);
      return new SealedBytes(out.toByteArray(), envelope);
    } catch (IOException e) {
      throw new UncheckedIOException("In-memory streams do not fail", e);
    }
  }

  /** The keyring data keys are wrapped by. */
  public Keyring keyring() {
    return keyring;
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("This JVM provides no SHA-256 MessageDigest", e);
    }
  }
}

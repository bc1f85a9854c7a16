package io.gatevault.crypto;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Opens an artifact sealed by {@link EnvelopeSealer}: unwraps its data key with the {@link Keyring}
 * for the artifact's encryption context, then unseals the GVX1 ciphertext, releasing plaintext only
 * after every segment verified.
 *
 * <p>Failures: {@link WrongKeyException} when the data key cannot be unwrapped, {@link
 * ArtifactTamperedException} when the ciphertext fails authentication; both permanent.
 */
public final class EnvelopeUnsealer {

  private final Keyring keyring;
  private final StreamingUnsealer unsealer;

  public EnvelopeUnsealer(Keyring keyring) {
    this(keyring, new StreamingUnsealer());
  }

  public EnvelopeUnsealer(Keyring keyring, StreamingUnsealer unsealer) {
    this.keyring = keyring;
    this.unsealer = unsealer;
  }

  /**
   * Unseals into memory.
   *
   * @param maxPlaintextBytes refuse plaintext larger than this
   */
  public byte[] unsealToBytes(
      InputStream sealed,
      WrappedDataKey wrappedDataKey,
      EncryptionContext context,
      long maxPlaintextBytes)
      throws IOException {
    try (DataKey dataKey = keyring.unwrap(wrappedDataKey, context)) {
      return unsealer.unsealToBytes(sealed, dataKey, context.associatedData(), maxPlaintextBytes);
    }
  }

  /** Unseals a byte array into memory. */
  public byte[] unsealToBytes(
      byte[] sealed, WrappedDataKey wrappedDataKey, EncryptionContext context) {
    try {
      return unsealToBytes(
          new ByteArrayInputStream(sealed), wrappedDataKey, context, Long.MAX_VALUE);
    } catch (IOException e) {
      throw new UncheckedIOException("In-memory streams do not fail", e);
    }
  }

  /**
   * Unseals into {@code target}, through a temporary file moved into place only after the last
   * segment verified.
   */
  public SealedSizes unsealToFile(
      InputStream sealed, Path target, WrappedDataKey wrappedDataKey, EncryptionContext context)
      throws IOException {
    try (DataKey dataKey = keyring.unwrap(wrappedDataKey, context)) {
      return unsealer.unsealToFile(sealed, target, dataKey, context.associatedData());
    }
  }

  /**
   * Unseals into {@code target} with the first of the artifact's key objects the keyring opens
   * (newest first, as {@code io.gatevault.crypto.rotation.WrappedKeyObjects#newestFirst} lists
   * them), so an artifact whose key was rotated opens with the new key alone.
   */
  public SealedSizes unsealToFile(
      InputStream sealed, Path target, List<WrappedDataKey> newestFirst, EncryptionContext context)
      throws IOException {
    try (DataKey dataKey = keyring.unwrapFirst(newestFirst, context)) {
      return unsealer.unsealToFile(sealed, target, dataKey, context.associatedData());
    }
  }

  /** Unseals into memory with the first key object the keyring opens (newest first). */
  public byte[] unsealToBytes(
      InputStream sealed,
      List<WrappedDataKey> newestFirst,
      EncryptionContext context,
      long maxPlaintextBytes)
      throws IOException {
    try (DataKey dataKey = keyring.unwrapFirst(newestFirst, context)) {
      return unsealer.unsealToBytes(sealed, dataKey, context.associatedData(), maxPlaintextBytes);
    }
  }

  /** Unseals a byte array into memory with the first key object the keyring opens. */
  public byte[] unsealToBytes(
      byte[] sealed, List<WrappedDataKey> newestFirst, EncryptionContext context) {
    try {
      return unsealToBytes(new ByteArrayInputStream(sealed), newestFirst, context, Long.MAX_VALUE);
    } catch (IOException e) {
      throw new UncheckedIOException("In-memory streams do not fail", e);
    }
  }

  /** The keyring data keys are unwrapped with. */
  public Keyring keyring() {
    return keyring;
  }
}

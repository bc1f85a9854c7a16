package io.gatevault.core.event;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Immutable bytes (a snapshot chunk or a ciphertext chunk). Records holding a {@code byte[]} would
 * compare by identity and let callers mutate them; this value compares by content and hands out
 * copies.
 */
public final class BinaryContent {

  /**
   * Most bytes one chunk may carry (900 KiB), leaving room for the envelope within Kafka's ~1 MB
   * default message size.
   */
  public static final int MAX_CHUNK_BYTES = 900 * 1024;

  private final byte[] bytes;

  private BinaryContent(byte[] bytes) {
    this.bytes = bytes;
  }

  public static BinaryContent copyOf(byte[] bytes) {
    return new BinaryContent(Require.present(bytes, "BinaryContent.bytes").clone());
  }

  /** Copies the buffer's remaining bytes without moving its position. */
  public static BinaryContent copyOf(ByteBuffer buffer) {
    ByteBuffer source = Require.present(buffer, "BinaryContent.buffer").duplicate();
    byte[] copy = new byte[source.remaining()];
    source.get(copy);
    return new BinaryContent(copy);
  }

  public int size() {
    return bytes.length;
  }

  public byte[] toByteArray() {
    return bytes.clone();
  }

  public ByteBuffer asReadOnlyBuffer() {
    return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BinaryContent that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /**
   * Size only: the content may be plaintext configuration with secrets, so it stays out of logs.
   */
  @Override
  public String toString() {
    return "BinaryContent[" + bytes.length + " bytes]";
  }
}

package io.gatevault.crypto;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;

/**
 * Seals a stream into the GVX1 format (docs/repository-format.md, "Sealed artifact format (.gvx)"):
 * a 48-byte header, then the plaintext in segments of {@link #segmentSize()} bytes, each encrypted
 * and authenticated with the JDK's AES/GCM/NoPadding under a key derived from the data key and the
 * header. The last segment carries a flag in its nonce, so cutting segments off the end, appending
 * or reordering them, and altering any byte are all detected when unsealing.
 *
 * <p>Memory: four plaintext segments (the one being sealed and up to three read ahead on a
 * background thread, {@link SegmentReadAhead}) and one ciphertext segment, whatever the stream's
 * length. Not thread-safe per call, but one instance may serve many calls (each call has its own
 * state).
 */
public final class StreamingSealer {

  /**
   * 1 MiB: large enough that the 16-byte tag and the per-segment cipher set-up cost nothing
   * measurable (the JDK's GCM ran at openssl's speed with 1 MiB pieces, PLATFORM.md), small enough
   * that sealing and unsealing hold only a few MiB per stream.
   */
  public static final int DEFAULT_SEGMENT_SIZE = 1024 * 1024;

  /** Output goes through a buffer this large: small writes halve sealing speed otherwise. */
  static final int OUTPUT_BUFFER_BYTES = 1024 * 1024;

  private final int segmentSize;
  private final SecureRandom random;

  /** A sealer with the default segment size and a strong random source. */
  public StreamingSealer() {
    this(DEFAULT_SEGMENT_SIZE, new SecureRandom());
  }

  /**
   * @param segmentSize plaintext bytes per segment, 4 KiB to 8 MiB
   * @param random source of the per-artifact salt and nonce prefix
   */
  public StreamingSealer(int segmentSize, SecureRandom random) {
    GvxHeader.checkSegmentSize(segmentSize);
    this.segmentSize = segmentSize;
    this.random = random;
  }

  public int segmentSize() {
    return segmentSize;
  }

  /**
   * Seals all of {@code plaintext} into {@code sealed}. Neither stream is closed; {@code sealed} is
   * flushed.
   *
   * @param associatedData authenticated but not encrypted, e.g. {@link
   *     EncryptionContext#associatedData()}; the same bytes are needed to unseal
   */
  public SealedSizes seal(
      InputStream plaintext, OutputStream sealed, DataKey dataKey, byte[] associatedData)
      throws IOException {
    byte[] salt = new byte[GvxHeader.SALT_LENGTH];
    byte[] noncePrefix = new byte[GvxHeader.NONCE_PREFIX_LENGTH];
    random.nextBytes(salt);
    random.nextBytes(noncePrefix);
    GvxHeader header = new GvxHeader(GvxHeader.CURRENT_VERSION, segmentSize, salt, noncePrefix);
    byte[] encodedHeader = header.encode();
    SegmentCipher cipher = new SegmentCipher(dataKey, header, encodedHeader, associatedData);

    BufferedOutputStream out =
        new BufferedOutputStream(sealed, Math.max(OUTPUT_BUFFER_BYTES, segmentSize));
    out.write(encodedHeader);
    byte[] ciphertext = new byte[segmentSize + SegmentCipher.TAG_LENGTH];
    SealedSizes.Counter counts = new SealedSizes.Counter(encodedHeader.length);
    SegmentReadAhead.readSegments(
        plaintext,
        segmentSize,
        (segment, length, followingLength) -> {
          long index = counts.segments;
          if (index > SegmentCipher.MAX_SEGMENTS - 1) {
            throw new IllegalArgumentException(
                "Plaintext too large for GVX1: more than 2^32-1 segments of "
                    + segmentSize
                    + " bytes");
          }
          int written = cipher.seal(index, followingLength == 0, segment, length, ciphertext);
          out.write(ciphertext, 0, written);
          counts.add(length, written);
        });
    out.flush();
    return counts.sizes();
  }

  /** Seals a byte array; see {@link #seal(InputStream, OutputStream, DataKey, byte[])}. */
  public byte[] seal(byte[] plaintext, DataKey dataKey, byte[] associatedData) {
    java.io.ByteArrayOutputStream out =
        new java.io.ByteArrayOutputStream(
            plaintext.length
                + GvxHeader.LENGTH
                + SegmentCipher.TAG_LENGTH * (plaintext.length / segmentSize + 1));
    try {
      seal(new java.io.ByteArrayInputStream(plaintext), out, dataKey, associatedData);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("In-memory streams do not fail", e);
    }
    return out.toByteArray();
  }

  /** Reads until {@code buffer} is full or the stream ends; returns the bytes read. */
  static int readFully(InputStream in, byte[] buffer) throws IOException {
    int total = 0;
    while (total < buffer.length) {
      int read = in.read(buffer, total, buffer.length - total);
      if (read < 0) {
        break;
      }
      total += read;
    }
    return total;
  }
}

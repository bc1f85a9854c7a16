package io.gatevault.storage.s3;

import io.gatevault.core.storage.Sha256;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.function.Function;

/**
 * Hashes what passes through and, when the end is reached, compares the SHA-256 with the one
 * recorded at write time; a mismatch fails the last read, so a caller that reads to the end never
 * takes damaged bytes for good ones.
 */
final class ChecksumVerifyingStream extends FilterInputStream {

  private final MessageDigest digest = Sha256.newDigest();
  private final String recordedSha256;
  private final Function<String, RuntimeException> mismatch;
  private boolean checked;

  ChecksumVerifyingStream(
      InputStream in, String recordedSha256, Function<String, RuntimeException> mismatch) {
    super(in);
    this.recordedSha256 = recordedSha256;
    this.mismatch = mismatch;
  }

  @Override
  public int read() throws IOException {
    int value = in.read();
    if (value < 0) {
      checkAtEnd();
    } else {
      digest.update((byte) value);
    }
    return value;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int read = in.read(buffer, offset, length);
    if (read < 0) {
      checkAtEnd();
    } else {
      digest.update(buffer, offset, read);
    }
    return read;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipped bytes must be hashed too, or the check at the end would be meaningless.
    byte[] buffer = new byte[(int) Math.min(n, 64 * 1024)];
    long skipped = 0;
    while (skipped < n) {
      int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
      if (read < 0) {
        break;
      }
      skipped += read;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void checkAtEnd() {
    if (checked) {
      return;
    }
    checked = true;
    String actual = Sha256.hex(digest);
    if (!actual.equals(recordedSha256)) {
      throw mismatch.apply(actual);
    }
  }
}

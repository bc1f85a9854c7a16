package io.gatevault.crypto;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Opens GVX1 artifacts written by {@link StreamingSealer}. Plaintext is released only after every
 * segment, the last one included, has verified: {@link #unsealToBytes} returns nothing before that
 * and {@link #unsealToFile} writes to a temporary file it moves into place only then. A failure
 * throws {@link ArtifactTamperedException} naming the segment and what is wrong (altered,
 * truncated, extended, reordered or dropped segments, another key or encryption context).
 */
public final class StreamingUnsealer {

  /** How far around a failing segment to look for where it really belongs (diagnosis only). */
  private static final int REORDER_SEARCH_WINDOW = 16;

  /**
   * Unseals into memory.
   *
   * @param maxPlaintextBytes refuse (with an {@link IllegalArgumentException}) artifacts whose
   *     plaintext grows beyond this, so a huge artifact cannot exhaust the heap
   */
  public byte[] unsealToBytes(
      InputStream sealed, DataKey dataKey, byte[] associatedData, long maxPlaintextBytes)
      throws IOException {
    ByteArrayOutputStream plaintext = new ByteArrayOutputStream();
    unseal(sealed, dataKey, associatedData, plaintext, maxPlaintextBytes);
    return plaintext.toByteArray();
  }

  /**
   * Unseals a byte array into memory; see {@link #unsealToBytes(InputStream, DataKey, byte[],
   * long)}.
   */
  public byte[] unsealToBytes(byte[] sealed, DataKey dataKey, byte[] associatedData) {
    try {
      return unsealToBytes(
          new java.io.ByteArrayInputStream(sealed), dataKey, associatedData, Long.MAX_VALUE);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("In-memory streams do not fail", e);
    }
  }

  /**
   * Unseals into {@code target}: plaintext goes to a temporary file beside it (owner-only
   * permissions where the file system has them), which is moved to {@code target} only after the
   * last segment verified and deleted otherwise. An existing {@code target} is replaced.
   */
  public SealedSizes unsealToFile(
      InputStream sealed, Path target, DataKey dataKey, byte[] associatedData) throws IOException {
    Path directory = target.toAbsolutePath().getParent();
    Files.createDirectories(directory);
    Path temporary = createOwnerOnlyTempFile(directory, target.getFileName().toString());
    boolean moved = false;
    try {
      SealedSizes sizes;
      try (OutputStream out =
          new BufferedOutputStream(
              Files.newOutputStream(temporary), StreamingSealer.OUTPUT_BUFFER_BYTES)) {
        sizes = unseal(sealed, dataKey, associatedData, out, Long.MAX_VALUE);
      }
      try {
        Files.move(
            temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
      moved = true;
      return sizes;
    } finally {
      if (!moved) {
        Files.deleteIfExists(temporary);
      }
    }
  }

  private static Path createOwnerOnlyTempFile(Path directory, String name) throws IOException {
    String prefix = "." + name + ".";
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return Files.createTempFile(
          directory,
          prefix,
          ".unsealing",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    return Files.createTempFile(directory, prefix, ".unsealing");
  }

  /**
   * Streams plaintext to {@code plaintext} segment by segment, before the later segments have
   * verified: for callers that discard or stage their output (the public methods, and the sealing
   * benchmark), never for output anybody uses before this returns.
   */
  SealedSizes unseal(
      InputStream sealed, DataKey dataKey, byte[] associatedData, OutputStream plaintext)
      throws IOException {
    return unseal(sealed, dataKey, associatedData, plaintext, Long.MAX_VALUE);
  }

  private SealedSizes unseal(
      InputStream sealed,
      DataKey dataKey,
      byte[] associatedData,
      OutputStream plaintext,
      long maxPlaintextBytes)
      throws IOException {
    byte[] encodedHeader = new byte[GvxHeader.LENGTH];
    int headerLength = StreamingSealer.readFully(sealed, encodedHeader);
    GvxHeader header = GvxHeader.decode(encodedHeader, headerLength);
    SegmentCipher cipher = new SegmentCipher(dataKey, header, encodedHeader, associatedData);
    int segmentSize = header.segmentSize();
    int sealedSegmentSize = segmentSize + SegmentCipher.TAG_LENGTH;

    byte[] opened = new byte[segmentSize];
    SealedSizes.Counter counts = new SealedSizes.Counter(GvxHeader.LENGTH);
    SegmentReadAhead.readSegments(
        sealed,
        sealedSegmentSize,
        (segment, currentLength, nextLength) -> {
          long index = counts.segments;
          if (index == 0 && currentLength < SegmentCipher.TAG_LENGTH) {
            throw new ArtifactTamperedException(
                0,
                "the artifact ends "
                    + currentLength
                    + " bytes after its header, too short for even one segment: it was"
                    + " truncated");
          }
          boolean last = nextLength == 0;
          if (index > SegmentCipher.MAX_SEGMENTS - 1) {
            throw new ArtifactTamperedException(
                index, "more than 2^32-1 segments: data was appended");
          }
          int length = cipher.open(index, last, segment, currentLength, opened);
          if (length < 0) {
            throw diagnose(cipher, index, last, segment, currentLength, nextLength, opened);
          }
          counts.add(length, currentLength);
          if (counts.plaintextBytes > maxPlaintextBytes) {
            throw new IllegalArgumentException(
                "Unsealed plaintext exceeds the limit of " + maxPlaintextBytes + " bytes");
          }
          plaintext.write(opened, 0, length);
        });
    plaintext.flush();
    return counts.sizes();
  }

  /** Works out why segment {@code index} failed, for a message that says what happened. */
  private static ArtifactTamperedException diagnose(
      SegmentCipher cipher,
      long index,
      boolean last,
      byte[] segment,
      int length,
      int bytesAfter,
      byte[] scratch) {
    if (last && cipher.open(index, false, segment, length, scratch) >= 0) {
      return new ArtifactTamperedException(
          index,
          "the artifact ends here, but this segment was not sealed as the last one: later"
              + " segments were cut off (truncated)");
    }
    if (!last && cipher.open(index, true, segment, length, scratch) >= 0) {
      return new ArtifactTamperedException(
          index,
          "this is the artifact's last segment, but "
              + (bytesAfter >= scratch.length ? "at least " : "")
              + bytesAfter
              + " more bytes follow it: data was appended");
    }
    long from = Math.max(0, index - REORDER_SEARCH_WINDOW);
    long to = Math.min(SegmentCipher.MAX_SEGMENTS - 1, index + REORDER_SEARCH_WINDOW);
    for (long candidate = from; candidate <= to; candidate++) {
      if (candidate == index) {
        continue;
      }
      if (cipher.open(candidate, false, segment, length, scratch) >= 0
          || cipher.open(candidate, true, segment, length, scratch) >= 0) {
        return new ArtifactTamperedException(
            index,
            "found segment "
                + candidate
                + " in the place of segment "
                + index
                + ": segments were reordered, dropped or duplicated");
      }
    }
    if (index == 0) {
      return new ArtifactTamperedException(
          0,
          "its authentication tag does not verify: the header or this segment was altered, or"
              + " the artifact was sealed under another data key or encryption context");
    }
    return new ArtifactTamperedException(
        index,
        last
            ? "its authentication tag does not verify: this last segment was altered or cut short"
                + " (truncated)"
            : "its authentication tag does not verify: this segment was altered");
  }
}

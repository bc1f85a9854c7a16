package io.gatevault.capture.application;

import io.gatevault.core.event.BinaryContent;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Splits a snapshot document into ordered pieces of at most {@link BinaryContent#MAX_CHUNK_BYTES}
 * (900 KiB), so no Kafka record exceeds about 1 MB, and computes the SHA-256 of the whole document
 * that lets the consumer check reassembly.
 */
public final class SnapshotChunker {

  private final int maxChunkBytes;

  public SnapshotChunker() {
    this(BinaryContent.MAX_CHUNK_BYTES);
  }

  SnapshotChunker(int maxChunkBytes) {
    if (maxChunkBytes < 1 || maxChunkBytes > BinaryContent.MAX_CHUNK_BYTES) {
      throw new IllegalArgumentException(
          "maxChunkBytes must be between 1 and " + BinaryContent.MAX_CHUNK_BYTES);
    }
    this.maxChunkBytes = maxChunkBytes;
  }

  /**
   * The document cut into pieces.
   *
   * @param pieces the pieces in order; one (possibly empty) piece for an empty document
   * @param sha256 lower-case hex SHA-256 of the whole document
   * @param totalSize size of the whole document in bytes
   */
  public record Split(List<BinaryContent> pieces, String sha256, long totalSize) {}

  public Split split(byte[] document) {
    List<BinaryContent> pieces = new ArrayList<>();
    for (int from = 0; from < document.length; from += maxChunkBytes) {
      pieces.add(
          BinaryContent.copyOf(
              Arrays.copyOfRange(document, from, Math.min(document.length, from + maxChunkBytes))));
    }
    if (pieces.isEmpty()) {
      pieces.add(BinaryContent.copyOf(new byte[0]));
    }
    return new Split(List.copyOf(pieces), sha256Hex(document), document.length);
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("This JVM provides no SHA-256 MessageDigest", e);
    }
  }
}

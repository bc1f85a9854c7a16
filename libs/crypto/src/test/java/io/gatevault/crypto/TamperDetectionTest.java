package io.gatevault.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One test per way a sealed artifact can be damaged; each must be caught and named. */
class TamperDetectionTest {

  private static final int SEGMENT = 4096;
  private static final int SEALED_SEGMENT = SEGMENT + 16;
  private static final byte[] AAD = "gateway=caddy-1".getBytes();

  private final StreamingSealer sealer = new StreamingSealer(SEGMENT, new SecureRandom());
  private final StreamingUnsealer unsealer = new StreamingUnsealer();
  private final DataKey key = DataKey.generate(new SecureRandom());
  private final byte[] plaintext = StreamingRoundTripTest.randomBytes(4 * SEGMENT + 100);
  private final byte[] sealed = sealer.seal(plaintext, key, AAD);

  @Test
  void aFlippedBitInTheMagicIsRejectedAsNotAnArtifact() {
    assertRejected(flip(sealed, 1), ArtifactTamperedException.HEADER, "magic");
  }

  @Test
  void aFlippedBitInTheFormatVersionIsRejected() {
    assertRejected(flip(sealed, 4), ArtifactTamperedException.HEADER, "format version");
  }

  @Test
  void aFlippedBitInTheSegmentSizeIsRejected() {
    // Bit 0 of the size's high byte: 4096 + 2^24, beyond the 8 MiB maximum.
    assertRejected(flip(sealed, 5), ArtifactTamperedException.HEADER, "segment size");
  }

  @ParameterizedTest(name = "header byte {0}")
  @ValueSource(ints = {9, 20, 40, 41, 47})
  void aFlippedBitInTheSaltOrNoncePrefixFailsTheFirstSegment(int offset) {
    assertRejected(flip(sealed, offset), 0, "header or this segment was altered");
  }

  @Test
  void aFlippedBitInAMiddleSegmentNamesThatSegment() {
    assertRejected(flip(sealed, GvxHeader.LENGTH + 2 * SEALED_SEGMENT + 10), 2, "was altered");
  }

  @Test
  void aFlippedBitInATagNamesThatSegment() {
    assertRejected(flip(sealed, GvxHeader.LENGTH + 2 * SEALED_SEGMENT - 1), 1, "was altered");
  }

  @Test
  void aLastSegmentCutShortIsRejected() {
    assertRejected(Arrays.copyOf(sealed, sealed.length - 1), 4, "cut short");
  }

  @Test
  void segmentsCutOffAtASegmentBoundaryAreReportedAsTruncation() {
    byte[] truncated = Arrays.copyOf(sealed, GvxHeader.LENGTH + 2 * SEALED_SEGMENT);
    assertRejected(truncated, 1, "truncated");
  }

  @Test
  void anArtifactCutInsideTheHeaderIsRejected() {
    assertRejected(Arrays.copyOf(sealed, 20), ArtifactTamperedException.HEADER, "truncated");
  }

  @Test
  void anArtifactWithNoSegmentIsRejected() {
    assertRejected(Arrays.copyOf(sealed, GvxHeader.LENGTH), 0, "truncated");
  }

  @Test
  void aDroppedSegmentIsReportedAsOutOfPlace() {
    byte[] dropped = concat(segmentRange(0, 1), segmentRange(2, 5));
    assertRejected(dropped, 1, "found segment 2 in the place of segment 1");
  }

  @Test
  void swappedSegmentsAreReportedAsReordered() {
    byte[] swapped =
        concat(segmentRange(0, 1), segmentRange(2, 3), segmentRange(1, 2), segmentRange(3, 5));
    assertRejected(swapped, 1, "reordered");
  }

  @Test
  void bytesAppendedAfterTheLastSegmentAreReported() {
    byte[] fullLast = sealer.seal(new byte[2 * SEGMENT], key, AAD);
    byte[] extended = concat(fullLast, new byte[] {1, 2, 3});
    assertRejected(extended, 1, "appended");
  }

  @Test
  void aWholeSegmentAppendedFromAnotherArtifactIsRejected() {
    byte[] other = sealer.seal(new byte[SEGMENT], key, AAD);
    byte[] fullLast = sealer.seal(new byte[2 * SEGMENT], key, AAD);
    byte[] extended = concat(fullLast, Arrays.copyOfRange(other, GvxHeader.LENGTH, other.length));
    assertRejected(extended, 1, "appended");
  }

  @Test
  void anotherEncryptionContextFailsTheFirstSegment() {
    assertThatThrownBy(() -> unsealer.unsealToBytes(sealed, key, "gateway=caddy-2".getBytes()))
        .isInstanceOf(ArtifactTamperedException.class)
        .hasMessageContaining("segment 0")
        .hasMessageContaining("encryption context");
  }

  @Test
  void anotherDataKeyFailsTheFirstSegment() {
    assertThatThrownBy(
            () -> unsealer.unsealToBytes(sealed, DataKey.generate(new SecureRandom()), AAD))
        .isInstanceOf(ArtifactTamperedException.class)
        .hasMessageContaining("another data key");
  }

  @Test
  void aTamperedArtifactLeavesNoPlaintextFileBehind(@TempDir Path dir) throws IOException {
    byte[] damaged = flip(sealed, GvxHeader.LENGTH + 4 * SEALED_SEGMENT + 3);
    Path target = dir.resolve("snapshot.json");

    assertThatThrownBy(
            () -> unsealer.unsealToFile(new ByteArrayInputStream(damaged), target, key, AAD))
        .isInstanceOf(ArtifactTamperedException.class)
        .hasMessageContaining("segment 4");

    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void nothingIsWrittenToTheCallersStreamBeforeTheLastSegmentVerified() {
    byte[] damaged = flip(sealed, sealed.length - 1);
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    InputStream in = new ByteArrayInputStream(damaged);

    assertThatThrownBy(() -> sink.write(unsealer.unsealToBytes(in, key, AAD, Long.MAX_VALUE)))
        .isInstanceOf(ArtifactTamperedException.class);
    assertThat(sink.size()).isZero();
  }

  @Test
  void aPlaintextLargerThanTheLimitIsRefused() {
    assertThatThrownBy(
            () ->
                unsealer.unsealToBytes(
                    new ByteArrayInputStream(sealed), key, AAD, plaintext.length - 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit");
  }

  private void assertRejected(byte[] damaged, long segment, String reason) {
    assertThatThrownBy(() -> unsealer.unsealToBytes(damaged, key, AAD))
        .isInstanceOfSatisfying(
            ArtifactTamperedException.class,
            e -> {
              assertThat(e.segmentIndex()).isEqualTo(segment);
              assertThat(e.getMessage()).contains(reason);
            });
  }

  private byte[] segmentRange(int from, int to) {
    int start = from == 0 ? 0 : GvxHeader.LENGTH + from * SEALED_SEGMENT;
    int end = Math.min(sealed.length, GvxHeader.LENGTH + to * SEALED_SEGMENT);
    return Arrays.copyOfRange(sealed, start, end);
  }

  private static byte[] flip(byte[] bytes, int offset) {
    byte[] copy = bytes.clone();
    copy[offset] ^= 1;
    return copy;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}

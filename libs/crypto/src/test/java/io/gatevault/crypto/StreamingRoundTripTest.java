package io.gatevault.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamingRoundTripTest {

  private static final int SEGMENT = 4096;
  private static final byte[] AAD = "context".getBytes();

  private final StreamingSealer sealer = new StreamingSealer(SEGMENT, new SecureRandom());
  private final StreamingUnsealer unsealer = new StreamingUnsealer();
  private final DataKey key = DataKey.generate(new SecureRandom());

  @ParameterizedTest
  @ValueSource(
      ints = {0, 1, SEGMENT - 1, SEGMENT, SEGMENT + 1, 2 * SEGMENT, 2 * SEGMENT + 17, 5 * SEGMENT})
  void everyLengthAroundSegmentBoundariesComesBackUnchanged(int length) throws Exception {
    byte[] plaintext = randomBytes(length);
    ByteArrayOutputStream sealed = new ByteArrayOutputStream();

    SealedSizes sizes = sealer.seal(new ByteArrayInputStream(plaintext), sealed, key, AAD);

    long segments = Math.max(1, (length + SEGMENT - 1) / SEGMENT);
    assertThat(sizes.segments()).isEqualTo(segments);
    assertThat(sizes.plaintextBytes()).isEqualTo(length);
    assertThat(sizes.ciphertextBytes())
        .isEqualTo(sealed.size())
        .isEqualTo(GvxHeader.LENGTH + length + 16 * segments);
    assertThat(unsealer.unsealToBytes(sealed.toByteArray(), key, AAD)).isEqualTo(plaintext);
  }

  @Test
  void tenMegabytesRoundTripWithTheDefaultSegmentSize() {
    byte[] plaintext = randomBytes(10 * 1024 * 1024 + 3);
    StreamingSealer defaults = new StreamingSealer();

    byte[] sealed = defaults.seal(plaintext, key, AAD);

    assertThat(sealed).hasSize(GvxHeader.LENGTH + plaintext.length + 16 * 11);
    assertThat(unsealer.unsealToBytes(sealed, key, AAD)).isEqualTo(plaintext);
  }

  @Test
  void sealingTheSamePlaintextTwiceGivesDifferentCiphertexts() {
    byte[] plaintext = randomBytes(100);

    assertThat(sealer.seal(plaintext, key, AAD)).isNotEqualTo(sealer.seal(plaintext, key, AAD));
  }

  @Test
  void theHeaderStartsWithTheMagicVersionAndSegmentSize() {
    byte[] sealed = sealer.seal(new byte[10], key, AAD);

    assertThat(new String(sealed, 0, 4)).isEqualTo("GVX1");
    assertThat(sealed[4]).isEqualTo((byte) 1);
    assertThat(java.nio.ByteBuffer.wrap(sealed, 5, 4).getInt()).isEqualTo(SEGMENT);
  }

  @Test
  void aStreamDeliveringFewBytesPerReadIsSealedLikeAnyOther() throws Exception {
    byte[] plaintext = randomBytes(3 * SEGMENT + 5);
    InputStream trickle =
        new ByteArrayInputStream(plaintext) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 7));
          }
        };
    ByteArrayOutputStream sealed = new ByteArrayOutputStream();

    sealer.seal(trickle, sealed, key, AAD);

    assertThat(unsealer.unsealToBytes(sealed.toByteArray(), key, AAD)).isEqualTo(plaintext);
  }

  @Test
  void unsealingToAFileWritesThePlaintextAndLeavesNoTemporaryFile(@TempDir Path dir)
      throws Exception {
    byte[] plaintext = randomBytes(3 * SEGMENT + 1);
    byte[] sealed = sealer.seal(plaintext, key, AAD);
    Path target = dir.resolve("out/snapshot.json");

    SealedSizes sizes = unsealer.unsealToFile(new ByteArrayInputStream(sealed), target, key, AAD);

    assertThat(Files.readAllBytes(target)).isEqualTo(plaintext);
    assertThat(sizes.plaintextBytes()).isEqualTo(plaintext.length);
    try (var files = Files.list(target.getParent())) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void theDataKeyIsNeverShownAsText() {
    assertThat(key.toString()).doesNotContainPattern("[0-9a-f]{16}").contains("hidden");
  }

  static byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    new Random(length).nextBytes(bytes);
    return bytes;
  }
}

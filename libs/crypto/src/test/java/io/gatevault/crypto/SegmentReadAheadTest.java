package io.gatevault.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SegmentReadAheadTest {

  private static final int SEGMENT = 4096;

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, SEGMENT - 1, SEGMENT, SEGMENT + 1, 7 * SEGMENT, 7 * SEGMENT + 5})
  void everySegmentArrivesInOrderAndOnlyTheLastHasNothingAfterIt(int size) throws IOException {
    byte[] data = StreamingRoundTripTest.randomBytes(size);
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    List<Integer> following = new ArrayList<>();

    SegmentReadAhead.readSegments(
        new ByteArrayInputStream(data),
        SEGMENT,
        (segment, length, followingLength) -> {
          seen.write(segment, 0, length);
          following.add(followingLength);
        });

    assertThat(seen.toByteArray()).isEqualTo(data);
    assertThat(following.get(following.size() - 1)).isZero();
    assertThat(following.subList(0, following.size() - 1)).allMatch(length -> length > 0);
    assertThat(following).hasSize(Math.max(1, (size + SEGMENT - 1) / SEGMENT));
  }

  @Test
  void aReadErrorPartWayReachesTheSealerAndNothingIsLeftRunning() throws InterruptedException {
    InputStream failing =
        new InputStream() {
          private int served;

          @Override
          public int read() throws IOException {
            throw new IOException("disk gone");
          }

          @Override
          public int read(byte[] buffer, int offset, int length) throws IOException {
            if (served >= 3 * SEGMENT) {
              throw new IOException("disk gone after three segments");
            }
            int count = Math.min(length, 1000);
            served += count;
            return count;
          }
        };
    StreamingSealer sealer = new StreamingSealer(SEGMENT, new SecureRandom());

    assertThatThrownBy(
            () ->
                sealer.seal(
                    failing,
                    new ByteArrayOutputStream(),
                    DataKey.generate(new SecureRandom()),
                    new byte[0]))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("disk gone after three segments");
    Thread.sleep(200);
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(thread -> thread.getName().equals("gatevault-gvx-read-ahead"));
  }

  @Test
  void aFailureWhileHandlingStopsTheReaderThread() {
    byte[] data = StreamingRoundTripTest.randomBytes(50 * SEGMENT);
    assertThatThrownBy(
            () ->
                SegmentReadAhead.readSegments(
                    new ByteArrayInputStream(data),
                    SEGMENT,
                    (segment, length, followingLength) -> {
                      throw new IOException("target full");
                    }))
        .hasMessage("target full");
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(thread -> thread.getName().equals("gatevault-gvx-read-ahead"));
  }
}

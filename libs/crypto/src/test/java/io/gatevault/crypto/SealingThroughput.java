package io.gatevault.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;

/**
 * Measures GVX1 sealing and unsealing of a 200 MB buffer in memory after warm-up, to compare with
 * {@code openssl speed -evp aes-256-gcm}. A plain main, not a test: timing in unit tests is noise.
 */
public final class SealingThroughput {

  private SealingThroughput() {}

  public static void main(String[] args) throws Exception {
    int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int warmMegabytes = args.length > 2 ? Integer.parseInt(args[2]) : GcmWarmUp.DEFAULT_BYTES >> 20;
    // default: the production segment size
    int warmSegment =
        args.length > 3 ? Integer.parseInt(args[3]) : StreamingSealer.DEFAULT_SEGMENT_SIZE;
    System.out.printf(
        "warm-up: %d ms%n", GcmWarmUp.run(warmMegabytes << 20, warmSegment).toMillis());
    byte[] plaintext = new byte[megabytes * 1_000_000];
    new SecureRandom().nextBytes(plaintext);
    byte[] aad = new EncryptionContext("gw", "prod", "artifact").associatedData();
    StreamingSealer sealer = new StreamingSealer();
    StreamingUnsealer unsealer = new StreamingUnsealer();
    try (DataKey key = DataKey.generate(new SecureRandom())) {
      for (int round = 1; round <= rounds; round++) {
        ByteArrayOutputStream sealed = new ByteArrayOutputStream(plaintext.length + 1_000_000);
        long start = System.nanoTime();
        sealer.seal(new ByteArrayInputStream(plaintext), sealed, key, aad);
        long sealNanos = System.nanoTime() - start;
        byte[] ciphertext = sealed.toByteArray();
        start = System.nanoTime();
        byte[] opened =
            unsealer.unsealToBytes(new ByteArrayInputStream(ciphertext), key, aad, Long.MAX_VALUE);
        long unsealNanos = System.nanoTime() - start;
        if (opened.length != plaintext.length) {
          throw new IllegalStateException("round trip lost bytes");
        }
        System.out.printf(
            "round %d: seal %.0f MB/s, unseal %.0f MB/s (%d MB)%n",
            round, megabytes / (sealNanos / 1e9), megabytes / (unsealNanos / 1e9), megabytes);
      }
    }
  }
}

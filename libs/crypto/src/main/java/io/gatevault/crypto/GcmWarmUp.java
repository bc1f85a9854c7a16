package io.gatevault.crypto;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs AES-GCM sealing and unsealing on throw-away data at start-up. A fresh JVM runs GCM at a few
 * percent of its speed until the JIT has compiled the path for large segments (the first ~200 MB
 * sealed ran at 30-70 MB/s here, PLATFORM.md); services that seal or open artifacts call {@link
 * #startOnce()} so the first real backup does not pay for it.
 *
 * <p>What warms it is many calls, not many bytes: the JIT compiles the cipher's fast (AVX-512 /
 * VAES) path once the GCM methods have been called often enough, so the warm-up seals and opens 128
 * MiB in 16 KiB segments (about 8,000 calls each way, 2-3 s here). Measured on this 2-core box (JDK
 * 17.0.15, raw cipher, docs/benchmarks.md): after that warm-up, 1 MiB segments ran at 3-4 GB/s at
 * once; after the former warm-up of 128 MiB in 1 MiB segments (128 calls) they still ran at 20-170
 * MB/s, and 64 KiB pieces warmed less well than 8-16 KiB ones. It runs in the background at minimum
 * priority so start-up does not wait for it.
 */
public final class GcmWarmUp {

  private static final Logger log = LoggerFactory.getLogger(GcmWarmUp.class);

  /** Bytes sealed and unsealed by {@link #run()}. */
  public static final int DEFAULT_BYTES = 128 * 1024 * 1024;

  private static CompletableFuture<Duration> started;

  private GcmWarmUp() {}

  /**
   * Starts the warm-up on a background daemon thread, once per JVM (several services in one JVM
   * share the compiled code); later calls return the same future.
   */
  public static synchronized CompletableFuture<Duration> startOnce() {
    if (started == null) {
      started = new CompletableFuture<>();
      Thread thread =
          new Thread(
              () -> {
                try {
                  started.complete(run());
                } catch (RuntimeException | Error e) {
                  log.warn("AES-GCM warm-up failed; sealing will be slow at first", e);
                  started.completeExceptionally(e);
                }
              },
              "gatevault-gcm-warm-up");
      thread.setDaemon(true);
      thread.setPriority(Thread.MIN_PRIORITY);
      thread.start();
    }
    return started;
  }

  /** Segment size of the warm-up: small, so that its bytes make many cipher calls. */
  public static final int DEFAULT_SEGMENT_SIZE = 16 * 1024;

  /** Warms up with {@link #DEFAULT_BYTES} in {@link #DEFAULT_SEGMENT_SIZE} segments. */
  public static Duration run() {
    return run(DEFAULT_BYTES, DEFAULT_SEGMENT_SIZE);
  }

  /** Seals and unseals {@code bytes} of random data in segments of {@code segmentSize}. */
  public static Duration run(int bytes, int segmentSize) {
    long start = System.nanoTime();
    SecureRandom random = new SecureRandom();
    byte[] plaintext = new byte[Math.max(segmentSize * 4, 1024 * 1024)];
    random.nextBytes(plaintext);
    byte[] aad = {1, 2, 3};
    StreamingSealer sealer = new StreamingSealer(segmentSize, random);
    StreamingUnsealer unsealer = new StreamingUnsealer();
    try (DataKey key = DataKey.generate(random)) {
      for (long done = 0; done < bytes; done += plaintext.length) {
        byte[] sealed = sealer.seal(plaintext, key, aad);
        unsealer.unsealToBytes(sealed, key, aad);
      }
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    log.info("AES-GCM warmed up with {} MiB in {} ms", bytes >> 20, took.toMillis());
    return took;
  }
}

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
 * <p>It shortens the slow phase but does not remove it (measured on this 2-core box under load, JDK
 * 17.0.15): after 64 MiB in 4 KiB or 64 KiB segments the next 200 MB in 1 MiB segments still ran at
 * 30-120 MB/s; after 128-256 MiB in 1 MiB segments the next 200 MB ran at 60-340 MB/s and the ones
 * after at full speed. Small snapshots (KiB to a few MiB) are not affected in practice; the warm-up
 * matters for the first large artifacts. It runs in the background at minimum priority so start-up
 * does not wait for it.
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

  /** Warms up with {@link #DEFAULT_BYTES} in default-size segments; returns how long it took. */
  public static Duration run() {
    return run(DEFAULT_BYTES, StreamingSealer.DEFAULT_SEGMENT_SIZE);
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

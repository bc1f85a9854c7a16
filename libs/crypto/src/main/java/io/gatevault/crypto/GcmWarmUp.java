package io.gatevault.crypto;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs AES-GCM sealing and unsealing on throw-away data at start-up, so the JIT has compiled the
 * cipher's path before real backups arrive. Services that seal or open artifacts call {@link
 * #startOnce()}; it runs in the background at minimum priority, so start-up does not wait for it.
 *
 * <p>Two phases, measured on this 2-core box (JDK 17.0.15, docs/benchmarks.md):
 *
 * <ul>
 *   <li>Always: 128 MiB in 16 KiB segments (~2 s). Enough for gateway snapshots (KiB to a few MiB,
 *       sealed as one or a few segments).
 *   <li>Opt-in, for large artifacts: {@value #LARGE_WARM_UP_PROPERTY} megabytes (JVM system
 *       property) in 1 MiB segments. In a fresh JVM the first ~500 MB sealed in 1 MiB segments run
 *       at 30-70 MB/s before the JIT reaches GCM's fast path (1.5-3 GB/s); the small phase does not
 *       shorten that, 512 MiB of large warm-up removes it but costs ~13 s of one core at start.
 * </ul>
 */
public final class GcmWarmUp {

  private static final Logger log = LoggerFactory.getLogger(GcmWarmUp.class);

  /** Bytes sealed and unsealed by {@link #run()}. */
  public static final int DEFAULT_BYTES = 128 * 1024 * 1024;

  /** JVM system property: megabytes of the opt-in large warm-up in 1 MiB segments (default 0). */
  public static final String LARGE_WARM_UP_PROPERTY = "gatevault.crypto.large-warm-up-mb";

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
                  Duration took = run();
                  int largeMegabytes = Integer.getInteger(LARGE_WARM_UP_PROPERTY, 0);
                  if (largeMegabytes > 0) {
                    took =
                        took.plus(run(largeMegabytes << 20, StreamingSealer.DEFAULT_SEGMENT_SIZE));
                  }
                  started.complete(took);
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

  /** Both phases: the small one, then the large one if {@value #LARGE_WARM_UP_PROPERTY} asks. */
  public static Duration runConfigured() {
    Duration took = run();
    int largeMegabytes = Integer.getInteger(LARGE_WARM_UP_PROPERTY, 0);
    if (largeMegabytes > 0) {
      took = took.plus(run(largeMegabytes << 20, StreamingSealer.DEFAULT_SEGMENT_SIZE));
    }
    return took;
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

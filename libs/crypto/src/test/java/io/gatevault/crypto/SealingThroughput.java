package io.gatevault.crypto;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The issue-5 sealing benchmark: seals and unseals a 200 MB artifact, warm, against two references
 * measured in the same run — {@code openssl speed -evp aes-256-gcm} on one core for the in-memory
 * path, and a plain buffered copy of the same file for the file-to-file path — and reports the
 * first artifact after process start separately. A plain main, not a test (timing in unit tests is
 * noise). Run it with {@code -Xmx128m}: every path streams, so the heap limit holds. In memory, the
 * plaintext comes from a repeated random 8 MiB block and sealed output goes to a counting sink;
 * unsealing reads the first artifact, kept in a direct buffer outside the heap, into a counting
 * sink. Each side thus costs one copy besides the cipher, as reading any stream does.
 *
 * <p>Arguments: megabytes (200), warm rounds (3), work directory (java.io.tmpdir), warm-up
 * (true/false, default true: {@link GcmWarmUp} runs before the first artifact, as the services do).
 */
public final class SealingThroughput {

  private static final int COPY_BUFFER = 1024 * 1024;

  private SealingThroughput() {}

  public static void main(String[] args) throws Exception {
    int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path workDirectory = Path.of(args.length > 2 ? args[2] : System.getProperty("java.io.tmpdir"));
    boolean warmUp = args.length <= 3 || Boolean.parseBoolean(args[3]);
    long bytes = megabytes * 1_000_000L;
    SecureRandom random = new SecureRandom();
    byte[] pattern = new byte[8 * 1024 * 1024];
    random.nextBytes(pattern);
    byte[] aad = new EncryptionContext("gw", "prod", "artifact").associatedData();
    StreamingSealer sealer = new StreamingSealer();
    StreamingUnsealer unsealer = new StreamingUnsealer();
    ByteBuffer sealedArtifact =
        ByteBuffer.allocateDirect(
            (int) (bytes + bytes / StreamingSealer.DEFAULT_SEGMENT_SIZE * 16 + 4096));
    System.out.printf(
        Locale.ROOT,
        "JDK %s, %d MB artifact, heap limit %d MiB%n",
        Runtime.version(),
        megabytes,
        Runtime.getRuntime().maxMemory() >> 20);

    try (DataKey key = DataKey.generate(random)) {
      if (warmUp) {
        System.out.printf(
            Locale.ROOT,
            "warm-up (GcmWarmUp.runConfigured(), %s=%s): %d ms%n",
            GcmWarmUp.LARGE_WARM_UP_PROPERTY,
            Integer.getInteger(GcmWarmUp.LARGE_WARM_UP_PROPERTY, 0),
            GcmWarmUp.runConfigured().toMillis());
      }
      double firstSeal = sealInMemory(sealer, pattern, bytes, sealedArtifact, key, aad);
      double firstUnseal = unsealInMemory(unsealer, sealedArtifact, key, aad, bytes);
      System.out.printf(
          Locale.ROOT,
          "first artifact after process start%s: seal %.0f MB/s, unseal %.0f MB/s%n",
          warmUp ? " (after the warm-up)" : " (no warm-up)",
          firstSeal,
          firstUnseal);

      List<Double> seals = new ArrayList<>();
      List<Double> unseals = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        seals.add(
            timed(
                bytes,
                () ->
                    sealer.seal(
                        new RepeatingInputStream(pattern, bytes),
                        new CountingDiscard(),
                        key,
                        aad)));
        unseals.add(unsealInMemory(unsealer, sealedArtifact, key, aad, bytes));
      }
      double openssl = opensslOneCore();
      System.out.printf(
          Locale.ROOT,
          "in memory, warm: seal %s MB/s (median %.0f = %.0f%% of openssl), unseal %s MB/s (median"
              + " %.0f = %.0f%% of openssl); openssl speed -evp aes-256-gcm, 1 core, 16 KiB"
              + " blocks: %.0f MB/s%n",
          list(seals),
          median(seals),
          100 * median(seals) / openssl,
          list(unseals),
          median(unseals),
          100 * median(unseals) / openssl,
          openssl);

      Path directory = Files.createTempDirectory(workDirectory, "gvx-bench");
      Path plainFile = directory.resolve("artifact.json");
      Path copyFile = directory.resolve("copy.json");
      Path sealedFile = directory.resolve("artifact.gvx");
      Path openedFile = directory.resolve("opened.json");
      try {
        try (OutputStream out = Files.newOutputStream(plainFile)) {
          for (long written = 0; written < bytes; written += pattern.length) {
            out.write(pattern, 0, (int) Math.min(pattern.length, bytes - written));
          }
        }
        List<Double> copies = new ArrayList<>();
        List<Double> fileSeals = new ArrayList<>();
        List<Double> fileUnseals = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
          copies.add(timed(bytes, () -> bufferedCopy(plainFile, copyFile)));
          fileSeals.add(
              timed(
                  bytes,
                  () -> {
                    try (InputStream in = Files.newInputStream(plainFile);
                        OutputStream out = Files.newOutputStream(sealedFile)) {
                      sealer.seal(in, out, key, aad);
                    }
                  }));
          fileUnseals.add(
              timed(
                  bytes,
                  () -> {
                    try (InputStream in = Files.newInputStream(sealedFile)) {
                      unsealer.unsealToFile(in, openedFile, key, aad);
                    }
                  }));
          // Every round writes new files, as the copy does: truncating last round's 200 MB inside
          // the timed part would charge the sealer for freeing its page cache.
          Files.delete(copyFile);
          Files.delete(sealedFile);
          Files.delete(openedFile);
        }
        System.out.printf(
            Locale.ROOT,
            "file to file in %s: buffered copy %s MB/s (median %.0f); seal %s MB/s (median %.0f ="
                + " %.0f%% of the copy); unseal to a temporary file, moved after the last tag %s"
                + " MB/s (median %.0f = %.0f%% of the copy)%n",
            workDirectory,
            list(copies),
            median(copies),
            list(fileSeals),
            median(fileSeals),
            100 * median(fileSeals) / median(copies),
            list(fileUnseals),
            median(fileUnseals),
            100 * median(fileUnseals) / median(copies));
      } finally {
        for (Path file : List.of(plainFile, copyFile, sealedFile, openedFile)) {
          Files.deleteIfExists(file);
        }
        Files.deleteIfExists(directory);
      }
    }
    System.out.printf(Locale.ROOT, "peak heap used: %d MiB%n", peakHeapBytes() >> 20);
  }

  private static double sealInMemory(
      StreamingSealer sealer,
      byte[] pattern,
      long bytes,
      ByteBuffer sealedArtifact,
      DataKey key,
      byte[] aad)
      throws IOException {
    sealedArtifact.clear();
    return timed(
        bytes,
        () ->
            sealer.seal(
                new RepeatingInputStream(pattern, bytes),
                new ByteBufferOutputStream(sealedArtifact),
                key,
                aad));
  }

  private static double unsealInMemory(
      StreamingUnsealer unsealer, ByteBuffer sealedArtifact, DataKey key, byte[] aad, long bytes)
      throws IOException {
    ByteBuffer readable = sealedArtifact.duplicate().flip();
    CountingDiscard sink = new CountingDiscard();
    double rate =
        timed(bytes, () -> unsealer.unseal(new ByteBufferInputStream(readable), key, aad, sink));
    if (sink.count != bytes) {
      throw new IllegalStateException("round trip lost bytes: " + sink.count + " of " + bytes);
    }
    return rate;
  }

  private static void bufferedCopy(Path from, Path to) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(from), COPY_BUFFER);
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(to), COPY_BUFFER)) {
      in.transferTo(out);
    }
  }

  /**
   * One core of {@code openssl speed -evp aes-256-gcm} with 16 KiB blocks (its largest default
   * size), in MB/s (10^6 bytes).
   */
  static double opensslOneCore() throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(
                "openssl", "speed", "-evp", "aes-256-gcm", "-bytes", "16384", "-seconds", "3")
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("openssl speed failed:\n" + output);
    }
    // The result line: "AES-256-GCM   123456.78k" (1000s of bytes per second).
    Matcher result = Pattern.compile("(?im)^aes-256-gcm\\s+([0-9.]+)k\\s*$").matcher(output);
    if (!result.find()) {
      throw new IllegalStateException("no AES-256-GCM result in openssl's output:\n" + output);
    }
    return Double.parseDouble(result.group(1)) / 1000.0;
  }

  private static long peakHeapBytes() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }

  private interface Work {
    void run() throws IOException;
  }

  private static double timed(long bytes, Work work) throws IOException {
    long start = System.nanoTime();
    work.run();
    return bytes / 1e6 / ((System.nanoTime() - start) / 1e9);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? sorted.get(middle)
        : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  private static String list(List<Double> values) {
    StringBuilder text = new StringBuilder();
    for (double value : values) {
      text.append(text.length() == 0 ? "" : "/").append(String.format(Locale.ROOT, "%.0f", value));
    }
    return text.toString();
  }

  /** {@code length} bytes made of {@code pattern} repeated: plaintext without a heap copy. */
  private static final class RepeatingInputStream extends InputStream {
    private final byte[] pattern;
    private long remaining;
    private int position;

    RepeatingInputStream(byte[] pattern, long length) {
      this.pattern = pattern;
      this.remaining = length;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (remaining == 0) {
        return -1;
      }
      int count = (int) Math.min(Math.min(length, remaining), pattern.length - position);
      System.arraycopy(pattern, position, buffer, offset, count);
      position = (position + count) % pattern.length;
      remaining -= count;
      return count;
    }
  }

  private static final class ByteBufferOutputStream extends OutputStream {
    private final ByteBuffer buffer;

    ByteBufferOutputStream(ByteBuffer buffer) {
      this.buffer = buffer;
    }

    @Override
    public void write(int b) {
      buffer.put((byte) b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      buffer.put(bytes, offset, length);
    }
  }

  private static final class ByteBufferInputStream extends InputStream {
    private final ByteBuffer buffer;

    ByteBufferInputStream(ByteBuffer buffer) {
      this.buffer = buffer;
    }

    @Override
    public int read() {
      return buffer.hasRemaining() ? buffer.get() & 0xff : -1;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) {
      if (!buffer.hasRemaining()) {
        return -1;
      }
      int count = Math.min(length, buffer.remaining());
      buffer.get(bytes, offset, count);
      return count;
    }
  }

  private static final class CountingDiscard extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      count += length;
    }
  }
}

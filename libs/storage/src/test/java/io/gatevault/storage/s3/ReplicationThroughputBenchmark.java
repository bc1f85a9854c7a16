package io.gatevault.storage.s3;

import io.gatevault.core.event.StorageMedium;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.TargetDescription;
import io.gatevault.storage.FilesystemBackupStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Issue 4's benchmark, a plain {@code main} (not a unit test): writes one artifact of N MiB
 * (default 200) to three targets — two folders and an S3-compatible server (S3Proxy on 127.0.0.1) —
 * through Gatevault's BackupStores, and in the same run does the reference: {@code cp} to two
 * folders plus a direct AWS SDK v2 {@code putObject} of the same file. Prints both throughputs,
 * their ratio (target: at least 50%) and the peak heap (run it with -Xmx256m: the target is under
 * 256 MB). See docs/benchmarks.md for the command.
 */
public final class ReplicationThroughputBenchmark {

  private static final java.util.Map<String, String> BACKUP_TAGS =
      java.util.Map.of(
          "Environment", "prod",
          "Application", "bench",
          "Owner", "sre",
          "BackupDate", "2026-11-26T12:00:00Z",
          "BackupType", "FULL");

  private ReplicationThroughputBenchmark() {}

  public static void main(String[] args) throws Exception {
    int mebibytes = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path work = Files.createTempDirectory("gatevault-bench-");
    Path artifact = work.resolve("artifact.gvx");
    writeRandom(artifact, mebibytes);
    String sha256 = sha256(artifact);
    double megabytes = Files.size(artifact) / 1_000_000.0;
    System.out.printf(
        Locale.ROOT,
        "artifact %.1f MB, %d rounds, max heap %d MiB%n",
        megabytes,
        rounds,
        Runtime.getRuntime().maxMemory() >> 20);
    try (S3ProxyServer s3 = S3ProxyServer.start(work.resolve("s3proxy"))) {
      S3Client client = s3.client();
      client.createBucket(b -> b.bucket("reference"));
      client.createBucket(b -> b.bucket("gatevault"));
      List<BackupStore> stores =
          List.of(
              new FilesystemBackupStore(
                  new TargetDescription("disk-a", StorageMedium.FILESYSTEM, "local", false, false),
                  work.resolve("gatevault-a")),
              new FilesystemBackupStore(
                  new TargetDescription("disk-b", StorageMedium.FILESYSTEM, "local", false, false),
                  work.resolve("gatevault-b")),
              new S3BackupStore(
                  new TargetDescription("s3", StorageMedium.OBJECT_STORE, "local", true, false),
                  s3.settings("gatevault"),
                  client));
      Files.createDirectories(work.resolve("reference-a"));
      Files.createDirectories(work.resolve("reference-b"));
      resetPeaks();
      List<Double> referenceRates = new ArrayList<>();
      List<Double> gatevaultRates = new ArrayList<>();
      for (int round = 0; round <= rounds; round++) {
        String key = "v1/bench/gw/snapshots/round-" + round + ".gvx";
        long started = System.nanoTime();
        copy(artifact, work.resolve("reference-a/round-" + round));
        copy(artifact, work.resolve("reference-b/round-" + round));
        double copies = seconds(started);
        long upload = System.nanoTime();
        client.putObject(
            b -> b.bucket("reference").key(key), RequestBody.fromFile(artifact.toFile()));
        double sdk = seconds(upload);
        double reference = 3 * megabytes / seconds(started);

        started = System.nanoTime();
        StringBuilder parts = new StringBuilder();
        for (BackupStore store : stores) {
          long one = System.nanoTime();
          try (InputStream in = Files.newInputStream(artifact)) {
            // With a backup's tags, as replicate writes it (S3: a tagging request after the PUT).
            store.put(key, in, Files.size(artifact), sha256, BACKUP_TAGS);
          }
          parts.append(
              String.format(Locale.ROOT, " %s %.2fs", store.describe().targetId(), seconds(one)));
        }
        double gatevault = 3 * megabytes / seconds(started);
        System.out.printf(
            Locale.ROOT,
            "  reference: 2x cp %.2fs, SDK putObject %.2fs; Gatevault:%s%n",
            copies,
            sdk,
            parts);
        System.out.printf(
            Locale.ROOT,
            "%s %d: reference (cp, cp, SDK putObject) %.0f MB/s, Gatevault (3 BackupStores)"
                + " %.0f MB/s, ratio %.0f%%%n",
            round == 0 ? "warm-up" : "round",
            round,
            reference,
            gatevault,
            100 * gatevault / reference);
        if (round > 0) {
          referenceRates.add(reference);
          gatevaultRates.add(gatevault);
        }
      }
      double reference = median(referenceRates);
      double gatevault = median(gatevaultRates);
      System.out.printf(
          Locale.ROOT,
          "median: reference %.0f MB/s, Gatevault %.0f MB/s, ratio %.0f%% (target >= 50%%);"
              + " peak heap %d MiB (target < 256 MiB)%n",
          reference,
          gatevault,
          100 * gatevault / reference,
          peakHeap() >> 20);
    } finally {
      deleteTree(work);
    }
  }

  private static void copy(Path from, Path to) throws IOException, InterruptedException {
    Process cp = new ProcessBuilder("cp", from.toString(), to.toString()).inheritIO().start();
    if (cp.waitFor() != 0) {
      throw new IOException("cp failed");
    }
  }

  private static void writeRandom(Path file, int mebibytes) throws IOException {
    SplittableRandom random = new SplittableRandom(42);
    byte[] block = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (int i = 0; i < mebibytes; i++) {
        for (int j = 0; j < block.length; j += 8) {
          long value = random.nextLong();
          for (int k = 0; k < 8; k++) {
            block[j + k] = (byte) (value >>> (8 * k));
          }
        }
        out.write(block);
      }
    }
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 20];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private static void resetPeaks() {
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  private static long peakHeap() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}

package io.gatevault.allinone.bench;

import com.sun.net.httpserver.HttpServer;
import io.gatevault.allinone.config.ConfigLoader;
import io.gatevault.allinone.config.GatevaultConfig;
import io.gatevault.allinone.stack.EmbeddedStack;
import io.gatevault.allinone.stack.Progress;
import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.event.ArtifactManifest;
import io.gatevault.core.event.ConfigChange;
import io.gatevault.core.event.ReplicaWritten;
import io.gatevault.core.event.SnapshotChunk;
import io.gatevault.core.event.VerificationResult;
import io.gatevault.core.event.VerificationStatus;
import io.gatevault.stream.GatevaultTopics;
import io.gatevault.stream.testing.TopicProbe;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Latency of incremental backups (issue 6): at a given rate of changes per second, how long from a
 * change's {@code capturedAt} until the segment holding it is verified (SUCCESS on every target).
 *
 * <p>Drives the whole embedded stack (capture, encrypt, replicate to three folders, verify,
 * embedded Kafka and registry) in this JVM against a synthetic http-json gateway served here: a
 * JSON object of {@code members} top-level members (each one entity), of which {@code rate} per
 * second get a new value. Capture polls it every {@code pollMs}; each poll publishes the members
 * changed since the previous one. After {@code seconds} of changes it waits for every segment to be
 * verified, then reads the changes, manifests and verification results back from the topics and
 * reports p50/p95/p99/max.
 *
 * <p>A plain {@code main}, not a test: {@code [rate] [seconds] [segmentEvents] [segmentSeconds]
 * [pollMs]}, defaults {@code 1000 20 1000 0.25 50}. docs/benchmarks.md has the command and results.
 */
public final class ChangeSegmentLatencyBenchmark {

  private ChangeSegmentLatencyBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int segmentEvents = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    double segmentSeconds = args.length > 3 ? Double.parseDouble(args[3]) : 0.25;
    int pollMs = args.length > 4 ? Integer.parseInt(args[4]) : 50;
    int members = Math.max(2000, rate);

    SyntheticGateway gateway = new SyntheticGateway(members);
    Path dir = Files.createTempDirectory("gatevault-latency-");
    String yaml =
        """
        data-dir: data
        kafka: {port: %d}
        registry: {port: %d}
        control-plane: {port: %d}
        services: [capture, encrypt, replicate, verify]
        keyring: {keystore: keys/keyring.p12, password-file: keys/keyring.pass}
        gateways:
          - {id: bench, type: http-json, admin-url: "%s", environment: bench,
             application: bench, owner: bench, poll-interval: %dms}
        changes: {segment-events: %d, segment-seconds: %s}
        """
            .formatted(
                freePort(),
                freePort(),
                freePort(),
                gateway.url(),
                pollMs,
                segmentEvents,
                segmentSeconds);
    GatevaultConfig config = ConfigLoader.parse(yaml, "gatevault.yml", dir);
    System.out.printf(
        "rate %d changes/s for %d s, %d entities, poll every %d ms, segments of %d changes or"
            + " %s s%n",
        rate, seconds, members, pollMs, segmentEvents, segmentSeconds);
    try (EmbeddedStack stack =
        new EmbeddedStack(config, new Progress(new PrintStream(new ByteArrayOutputStream()), 9))
            .start()) {
      // The first poll reads every entity (SNAPSHOT_READ); let it and its segment pass first.
      Thread.sleep(Math.max(3000, pollMs * 4L));
      long before = gateway.changes();
      java.lang.management.OperatingSystemMXBean os =
          java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      double loadBefore = os.getSystemLoadAverage();
      long cpuBefore = processCpuNanos(os);
      Instant start = Instant.now();
      gateway.changeAt(rate);
      Thread.sleep(seconds * 1000L);
      gateway.stop();
      long driven = gateway.changes() - before;
      Duration drove = Duration.between(start, Instant.now());
      System.out.printf("drove %d changes in %s%n", driven, drove);
      System.out.printf(
          "this JVM used %.2f cores while driving (process CPU / wall time); load average %.1f"
              + " before, %.1f after (%d cores)%n",
          (processCpuNanos(os) - cpuBefore) / (double) drove.toNanos(),
          loadBefore,
          os.getSystemLoadAverage(),
          os.getAvailableProcessors());

      try (TopicProbe probe = new TopicProbe(stack.bootstrapServers(), stack.registryUrl())) {
        Report report = awaitReport(probe, start, Duration.ofSeconds(120));
        System.out.println(report);
        System.out.println(hops(probe, start));
      }
    } finally {
      gateway.close();
    }
    System.exit(0);
  }

  private static Report awaitReport(TopicProbe probe, Instant start, Duration wait)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(wait);
    Report report = null;
    while (Instant.now().isBefore(deadline)) {
      report = report(probe, start);
      if (report.unverified == 0 && report.latenciesMillis.size() > 0) {
        return report;
      }
      Thread.sleep(2000);
    }
    return report;
  }

  private static Report report(TopicProbe probe, Instant start) {
    Duration read = Duration.ofSeconds(5);
    List<ConfigChange> changes =
        probe.awaitEvents(
            GatevaultTopics.CHANGES_RAW,
            ConfigChange.class,
            c -> !c.capturedAt().isBefore(start),
            Integer.MAX_VALUE,
            read);
    Map<String, ArtifactManifest> segments = new HashMap<>();
    probe
        .awaitEvents(
            GatevaultTopics.ARTIFACTS_SEALED,
            ArtifactManifest.class,
            m -> m.kind() == ArtifactKind.CHANGE_SEGMENT,
            Integer.MAX_VALUE,
            read)
        .forEach(m -> segments.put(m.artifactId(), m));
    Map<String, Instant> verified = new HashMap<>();
    for (VerificationResult result :
        probe.awaitEvents(
            GatevaultTopics.VERIFICATIONS,
            VerificationResult.class,
            r -> r.status() == VerificationStatus.SUCCESS && segments.containsKey(r.artifactId()),
            Integer.MAX_VALUE,
            read)) {
      verified.merge(result.artifactId(), result.verifiedAt(), (a, b) -> a.isBefore(b) ? a : b);
    }
    // sequence -> verification time of the segment that holds it
    Map<Long, Instant> verifiedBySequence = new HashMap<>();
    for (ArtifactManifest segment : segments.values()) {
      Instant at = verified.get(segment.artifactId());
      if (at == null) {
        continue;
      }
      long first = Long.parseLong(segment.tags().get("FirstSequence"));
      long last = Long.parseLong(segment.tags().get("LastSequence"));
      for (long sequence = first; sequence <= last; sequence++) {
        verifiedBySequence.put(sequence, at);
      }
    }
    List<Long> latencies = new ArrayList<>();
    int unverified = 0;
    for (ConfigChange change : changes) {
      Instant at = verifiedBySequence.get(change.sequence());
      if (at == null) {
        unverified++;
      } else {
        latencies.add(Duration.between(change.capturedAt(), at).toMillis());
      }
    }
    Collections.sort(latencies);
    return new Report(changes.size(), segments.size(), verified.size(), unverified, latencies);
  }

  /**
   * Where a segment's time goes, from the timestamps the events carry: per segment, the time from
   * closing it to capture's chunk event, to encrypt's manifest, to the first and last replica
   * written, to verify starting, to the verification result. Median and p99 over the segments.
   */
  private static String hops(TopicProbe probe, Instant start) {
    Duration read = Duration.ofSeconds(5);
    Map<String, SnapshotChunk> chunks = new HashMap<>();
    probe
        .awaitEvents(
            GatevaultTopics.SNAPSHOTS_RAW,
            SnapshotChunk.class,
            c -> c.chunkIndex() == 0 && c.name() != null && !c.capturedAt().isBefore(start),
            Integer.MAX_VALUE,
            read)
        .forEach(c -> chunks.put(c.name(), c));
    Map<String, ArtifactManifest> manifests = new HashMap<>();
    probe
        .awaitEvents(
            GatevaultTopics.ARTIFACTS_SEALED,
            ArtifactManifest.class,
            m -> m.kind() == ArtifactKind.CHANGE_SEGMENT && chunks.containsKey(m.name()),
            Integer.MAX_VALUE,
            read)
        .forEach(m -> manifests.put(m.artifactId(), m));
    Map<String, List<Instant>> replicas = new HashMap<>();
    probe
        .awaitEvents(
            GatevaultTopics.REPLICAS,
            ReplicaWritten.class,
            r -> manifests.containsKey(r.artifactId()),
            Integer.MAX_VALUE,
            read)
        .forEach(
            r ->
                replicas
                    .computeIfAbsent(r.artifactId(), id -> new ArrayList<>())
                    .add(r.writtenAt()));
    Map<String, Instant> started = new HashMap<>();
    Map<String, Instant> verified = new HashMap<>();
    for (VerificationResult result :
        probe.awaitEvents(
            GatevaultTopics.VERIFICATIONS,
            VerificationResult.class,
            r -> manifests.containsKey(r.artifactId()),
            Integer.MAX_VALUE,
            read)) {
      (result.status() == VerificationStatus.STARTED ? started : verified)
          .putIfAbsent(result.artifactId(), result.verifiedAt());
    }
    Map<String, List<Long>> hops = new java.util.LinkedHashMap<>();
    for (String hop :
        List.of(
            "closed -> chunk published (capture)",
            "chunk published -> manifest (Kafka hop, encrypt: assemble, seal, publish)",
            "manifest -> first replica (Kafka hop, replicate: stage, write one target)",
            "first replica -> last replica (replicate: the other targets)",
            "last replica -> verify started (Kafka hop)",
            "verify started -> verified (verify: read back, decrypt, parse on every target)",
            "closed -> verified (whole pipeline)")) {
      hops.put(hop, new ArrayList<>());
    }
    for (ArtifactManifest manifest : manifests.values()) {
      SnapshotChunk chunk = chunks.get(manifest.name());
      List<Instant> written = replicas.getOrDefault(manifest.artifactId(), List.of());
      Instant begun = started.get(manifest.artifactId());
      Instant done = verified.get(manifest.artifactId());
      if (written.isEmpty() || begun == null || done == null) {
        continue;
      }
      Instant first = written.stream().min(Instant::compareTo).orElseThrow();
      Instant last = written.stream().max(Instant::compareTo).orElseThrow();
      Instant[] points = {
        chunk.capturedAt(),
        chunk.envelope().producedAt(),
        manifest.createdAt(),
        first,
        last,
        begun,
        done
      };
      List<List<Long>> series = new ArrayList<>(hops.values());
      for (int i = 0; i + 1 < points.length; i++) {
        series.get(i).add(Duration.between(points[i], points[i + 1]).toMillis());
      }
      series.get(series.size() - 1).add(Duration.between(points[0], done).toMillis());
    }
    StringBuilder out = new StringBuilder("per segment (median / p99 ms):");
    hops.forEach(
        (hop, millis) -> {
          Collections.sort(millis);
          out.append(
              String.format(
                  "%n  %-80s %5d / %5d",
                  hop,
                  millis.isEmpty() ? -1 : millis.get(millis.size() / 2),
                  millis.isEmpty()
                      ? -1
                      : millis.get(Math.max(0, (int) Math.ceil(0.99 * millis.size()) - 1))));
        });
    return out.toString();
  }

  private record Report(
      int changes, int segments, int verifiedSegments, int unverified, List<Long> latenciesMillis) {
    long percentile(double p) {
      if (latenciesMillis.isEmpty()) {
        return -1;
      }
      int index = (int) Math.ceil(p / 100.0 * latenciesMillis.size()) - 1;
      return latenciesMillis.get(Math.max(0, Math.min(index, latenciesMillis.size() - 1)));
    }

    @Override
    public String toString() {
      return String.format(
          "changes %d, segments %d (verified %d), changes not yet in a verified segment %d%n"
              + "capturedAt -> segment verified: p50 %d ms, p95 %d ms, p99 %d ms, max %d ms",
          changes,
          segments,
          verifiedSegments,
          unverified,
          percentile(50),
          percentile(95),
          percentile(99),
          percentile(100));
    }
  }

  /** An http-json gateway whose members change at a fixed rate. */
  private static final class SyntheticGateway implements AutoCloseable {
    private final HttpServer server;
    private final long[] values;
    private final AtomicLong changes = new AtomicLong();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private int next;

    SyntheticGateway(int members) throws Exception {
      values = new long[members];
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          "/config",
          exchange -> {
            byte[] body = document();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          });
      server.setExecutor(Executors.newFixedThreadPool(2));
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/config";
    }

    synchronized byte[] document() {
      StringBuilder json = new StringBuilder("{");
      for (int i = 0; i < values.length; i++) {
        if (i > 0) {
          json.append(',');
        }
        json.append("\"m").append(i).append("\":{\"v\":").append(values[i]).append('}');
      }
      return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Changes {@code rate} members a second, in 100 steps a second. */
    void changeAt(int rate) {
      int perTick = Math.max(1, rate / 100);
      ticker.scheduleAtFixedRate(
          () -> {
            synchronized (this) {
              for (int i = 0; i < perTick; i++) {
                values[next]++;
                next = (next + 1) % values.length;
              }
            }
            changes.addAndGet(perTick);
          },
          0,
          10,
          TimeUnit.MILLISECONDS);
    }

    long changes() {
      return changes.get();
    }

    void stop() {
      ticker.shutdownNow();
    }

    @Override
    public void close() {
      ticker.shutdownNow();
      server.stop(0);
    }
  }

  private static long processCpuNanos(java.lang.management.OperatingSystemMXBean os) {
    return os instanceof com.sun.management.OperatingSystemMXBean sun
        ? sun.getProcessCpuTime()
        : -1;
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}

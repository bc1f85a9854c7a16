package io.gatevault.core.pitr;

import io.gatevault.core.changes.EntityImage;
import io.gatevault.core.config.ConfigEntity;
import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.event.ChangeOperation;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * Issue 6 benchmark (a plain main, not a timed test): the state of a 100,000-entity configuration
 * at an arbitrary time after 1,000,000 change events, rebuilt (a) from the snapshot, (b) from the
 * newest checkpoint before the target (checkpoints every 100,000 changes, written to and read from
 * disk), and (c) the reference: the same replay decoding every after-image as it is applied (what a
 * replay that keeps full entities, as a snapshot does, costs). Target: under 5 s.
 *
 * <p>Changes are a pure function of their sequence, generated while replay reads them (like a
 * segment being read), so every path can start anywhere; the generation alone is timed too.
 *
 * <p>Arguments: [entities] [changes] [checkpoint interval] (defaults 100000 1000000 100000).
 */
public final class ReplayBenchmark {

  private static final Instant T0 = Instant.parse("2026-11-26T00:00:00Z");
  private static final String[] TYPES = {"service", "route", "plugin"};

  private ReplayBenchmark() {}

  public static void main(String[] args) throws Exception {
    int entities = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    long changes = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
    long interval = args.length > 2 ? Long.parseLong(args[2]) : 100_000;
    // An arbitrary moment near the end of the log, between two checkpoints.
    long targetSeq = changes - interval / 2 - 1_234;
    Instant targetTime = timeOf(targetSeq).plusMillis(3);
    System.out.printf(
        "entities=%d changes=%d checkpointEvery=%d target=%s (after seq %d)%n",
        entities, changes, interval, targetTime, targetSeq);

    List<ConfigEntity> initial = new ArrayList<>(entities);
    for (int i = 0; i < entities; i++) {
      initial.add(EntityImage.decode(image(i, -1)));
    }
    ConfigSnapshot snapshot = new ConfigSnapshot("bench", "http-json", initial, "{}", null);
    initial = null;

    // Warm-up: the JIT compiles replay on a smaller run first, as a long-running restore service
    // would have.
    ConfigState warm = ConfigState.fromSnapshot(snapshot, "snap-0", 0, T0);
    warm.replay(new Log(1, entities, changes), new ReplayTarget.AtSequence(200_000));
    warm.entities();
    warm = null;

    long cpu0 = cpuMs();
    long t = System.nanoTime();
    Iterator<LoggedChange> drain = new Log(1, entities, changes);
    long generated = 0;
    while (drain.hasNext() && drain.next().sequence() <= targetSeq) {
      generated++;
    }
    System.out.printf(
        "generating %d changes alone: %d ms (cpu %d ms)%n", generated, ms(t), cpuMs() - cpu0);

    // Checkpoints, written during one pass over the log (what the checkpoint writer does).
    Path dir = Files.createTempDirectory("gv-replay-bench");
    List<ReplayBase> bases = new ArrayList<>();
    bases.add(ReplayBase.snapshot("snap-0", 0, T0, true));
    ConfigState writer = ConfigState.fromSnapshot(snapshot, "snap-0", 0, T0);
    Iterator<LoggedChange> log = new Log(1, entities, changes);
    long writeMs = 0;
    long checkpointBytes = 0;
    for (long at = interval; at <= changes; at += interval) {
      writer.replay(log, new ReplayTarget.AtSequence(at));
      long w = System.nanoTime();
      byte[] document = Checkpoint.write(writer);
      Files.write(dir.resolve("cp-" + at + ".json"), document);
      writeMs += ms(w);
      checkpointBytes = document.length;
      bases.add(ReplayBase.checkpoint("cp-" + at, "snap-0", at, writer.watermarkTime(), true));
    }
    writer = null;
    System.out.printf(
        "checkpoints: %d written, %d ms each on average, %.1f MB each%n",
        changes / interval, writeMs / (changes / interval), checkpointBytes / 1e6);

    ReplayTarget target = new ReplayTarget.AtTime(targetTime);

    // (a) from the snapshot
    gc();
    resetPeaks();
    long cpu = cpuMs();
    t = System.nanoTime();
    ConfigState fromSnapshot = ConfigState.fromSnapshot(snapshot, "snap-0", 0, T0);
    ReplayResult a = fromSnapshot.replay(new Log(1, entities, changes), target);
    long replayedA = ms(t);
    List<ConfigEntity> stateA = fromSnapshot.entities();
    long msA = ms(t);
    long peakA = peakHeap();
    System.out.printf(
        "(a) from snapshot: %d changes replayed, %d entities, %d ms (cpu %d ms; state built and"
            + " replayed after %d ms, the rest decodes the result), peak heap %d MB%n",
        a.applied(), stateA.size(), msA, cpuMs() - cpu, replayedA, peakA >> 20);
    fromSnapshot = null;

    // (b) from the nearest checkpoint the planner picks
    gc();
    resetPeaks();
    cpu = cpuMs();
    t = System.nanoTime();
    ReplayPlan plan = ReplayPlanner.plan(bases, target);
    ConfigState fromCheckpoint =
        Checkpoint.read(Files.readAllBytes(dir.resolve(plan.base().id() + ".json")));
    long readMs = ms(t);
    ReplayResult b =
        fromCheckpoint.replay(new Log(plan.firstSequence(), entities, changes), target);
    List<ConfigEntity> stateB = fromCheckpoint.entities();
    long msB = ms(t);
    long peakB = peakHeap();
    System.out.printf(
        "(b) %s: read %d ms, %d changes replayed, %d ms in all (cpu %d ms), peak heap %d MB%n",
        plan.describe(), readMs, b.applied(), msB, cpuMs() - cpu, peakB >> 20);
    if (!stateA.equals(stateB) || a.watermark() != b.watermark()) {
      throw new IllegalStateException("snapshot and checkpoint replays disagree");
    }
    fromCheckpoint = null;
    stateB = null;

    // (c) reference: decode every image while replaying (entities kept as objects)
    gc();
    resetPeaks();
    cpu = cpuMs();
    t = System.nanoTime();
    TreeMap<String, ConfigEntity> eager = new TreeMap<>();
    snapshot.entities().forEach(entity -> eager.put(entity.key(), entity));
    Iterator<LoggedChange> all = new Log(1, entities, changes);
    while (all.hasNext()) {
      LoggedChange change = all.next();
      if (!target.includes(change)) {
        break;
      }
      if (change.op() == ChangeOperation.DELETE) {
        eager.remove(change.entityKey());
      } else {
        eager.put(change.entityKey(), EntityImage.decode(change.after()));
      }
    }
    long msC = ms(t);
    System.out.printf(
        "(c) reference, decoding every image: %d ms (cpu %d ms), peak heap %d MB, same state: %s%n",
        msC, cpuMs() - cpu, peakHeap() >> 20, new ArrayList<>(eager.values()).equals(stateA));

    try (var files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.delete(file);
      }
    }
    Files.delete(dir);
  }

  /** The log from {@code first} on: change {@code seq} is a pure function of {@code seq}. */
  private static final class Log implements Iterator<LoggedChange> {
    private final int entities;
    private final long last;
    private long next;

    Log(long first, int entities, long last) {
      this.next = first;
      this.entities = entities;
      this.last = last;
    }

    @Override
    public boolean hasNext() {
      return next <= last;
    }

    @Override
    public LoggedChange next() {
      if (next > last) {
        throw new NoSuchElementException();
      }
      long seq = next++;
      long mixed = mix(seq);
      // Keys range over 110% of the entities: some changes create, ~10% delete.
      int index = (int) Long.remainderUnsigned(mixed, entities + entities / 10);
      boolean delete = Long.remainderUnsigned(mixed >>> 32, 10) == 0;
      String type = TYPES[index % 3];
      String id = type.charAt(0) + Integer.toString(index);
      return delete
          ? new LoggedChange(seq, ChangeOperation.DELETE, type, id, null, timeOf(seq))
          : new LoggedChange(seq, ChangeOperation.UPDATE, type, id, image(index, seq), timeOf(seq));
    }
  }

  /** Ten changes a second. */
  private static Instant timeOf(long seq) {
    return T0.plusMillis(seq * 100);
  }

  /** A canonical entity image, about 300 bytes, members already in canonical order. */
  static String image(int index, long version) {
    String type = TYPES[index % 3];
    String id = type.charAt(0) + Integer.toString(index);
    StringBuilder image = new StringBuilder(320);
    image
        .append("{\"body\":{\"enabled\":true,\"name\":\"")
        .append(type)
        .append('-')
        .append(index)
        .append("\",\"path\":\"/api/v1/")
        .append(type)
        .append('/')
        .append(index)
        .append("/*\",\"retries\":")
        .append(index % 5)
        .append(",\"upstream\":\"http://10.")
        .append(index % 250)
        .append('.')
        .append(index / 250 % 250)
        .append(".1:8080\",\"version\":")
        .append(version)
        .append("},\"foreignKeys\":{");
    if (type.equals("route")) {
      int parent = index - 1; // a service
      image.append("\"service\":\"service/s").append(parent).append('"');
    } else if (type.equals("plugin")) {
      int parent = index - 1; // a route
      image.append("\"route\":\"route/r").append(parent).append('"');
    }
    image
        .append("},\"id\":\"")
        .append(id)
        .append("\",\"naturalKey\":\"")
        .append(type)
        .append(' ')
        .append(index)
        .append("\",\"tags\":[\"bench\",\"team:")
        .append(index % 7)
        .append("\"],\"type\":\"")
        .append(type)
        .append("\"}");
    return image.toString();
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }

  private static final java.lang.management.ThreadMXBean THREADS =
      ManagementFactory.getThreadMXBean();

  /** CPU time of this thread in ms: less disturbed than wall time by other work on the box. */
  private static long cpuMs() {
    return THREADS.getCurrentThreadCpuTime() / 1_000_000;
  }

  private static long ms(long since) {
    return (System.nanoTime() - since) / 1_000_000;
  }

  private static void gc() {
    System.gc();
    System.gc();
  }

  private static void resetPeaks() {
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  private static long peakHeap() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }
}

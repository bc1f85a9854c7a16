package io.gatevault.restore.adapter;

import io.gatevault.core.config.ConfigEntity;
import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.event.ChangeOperation;
import io.gatevault.core.pitr.Checkpoint;
import io.gatevault.core.pitr.ConfigState;
import io.gatevault.core.pitr.LoggedChange;
import io.gatevault.core.pitr.ReplayTarget;
import io.gatevault.core.storage.StoredBackup;
import io.gatevault.restore.application.BackupSource;
import io.gatevault.restore.application.ChangeTail;
import io.gatevault.restore.application.PointInTimeStates;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Issue 6 benchmark, restore side (a plain main, not a timed test): the state of a 100,000-entity
 * configuration at a time between two checkpoints after 1,000,000 changes, rebuilt by the restore
 * service's {@link PointInTimeStates} from a real target folder where everything is sealed (a full
 * snapshot at sequence 0, segments of 1,000 changes, a checkpoint every 100,000 changes, each with
 * its verification record), every artifact it reads unsealed and authenticated for real:
 *
 * <ul>
 *   <li>(a) with the checkpoints: the planner picks the nearest one before the target;
 *   <li>(b) the same folder with the checkpoints hidden: replay from the full snapshot.
 * </ul>
 *
 * Both include reading the catalog (manifests and verification records of ~1,100 artifacts), the
 * base snapshot (for compose), and decoding the resulting entities (what compose needs); both
 * states are checked equal to each other and to a replay computed in memory while generating.
 *
 * <p>Arguments: [entities] [changes] [checkpoint interval] [segment size] [rounds] (defaults 100000
 * 1000000 100000 1000 2).
 */
public final class CheckpointReplayBenchmark {

  private static final String GATEWAY = "bench";
  private static final Instant T0 = Instant.parse("2026-11-26T00:00:00Z");
  private static final String[] TYPES = {"service", "route", "plugin"};

  private final SealedTargetFolder target;

  private CheckpointReplayBenchmark(SealedTargetFolder target) {
    this.target = target;
  }

  public static void main(String[] args) throws Exception {
    int entities = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    long changes = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
    long interval = args.length > 2 ? Long.parseLong(args[2]) : 100_000;
    int segmentSize = args.length > 3 ? Integer.parseInt(args[3]) : 1_000;
    int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 2;
    long targetSeq = changes - interval / 2 - 1_234;
    Instant targetTime = timeOf(targetSeq).plusMillis(3);
    System.out.printf(
        "entities=%d changes=%d checkpointEvery=%d segment=%d target=%s (after seq %d), %d cores,"
            + " load %.1f%n",
        entities,
        changes,
        interval,
        segmentSize,
        targetTime,
        targetSeq,
        Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

    Path folder = Files.createTempDirectory("gv-checkpoint-bench");
    CheckpointReplayBenchmark bench =
        new CheckpointReplayBenchmark(new SealedTargetFolder(folder, GATEWAY));
    try {
      List<ConfigEntity> expected =
          bench.write(entities, changes, interval, segmentSize, targetSeq);
      StorageBackupSource storage = bench.target.source();
      PointInTimeStates withCheckpoints =
          new PointInTimeStates(storage, ChangeTail.none("storage only"));
      PointInTimeStates snapshotOnly =
          new PointInTimeStates(new WithoutCheckpoints(storage), ChangeTail.none("storage only"));
      ReplayTarget target = new ReplayTarget.AtTime(targetTime);
      for (int round = 1; round <= rounds; round++) {
        run("round " + round + " (a) with checkpoints", withCheckpoints, target, expected);
        run("round " + round + " (b) snapshot only   ", snapshotOnly, target, expected);
      }
    } finally {
      try (Stream<Path> files = Files.walk(folder)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  private static void run(
      String label, PointInTimeStates states, ReplayTarget target, List<ConfigEntity> expected) {
    System.gc();
    long cpu = processCpuMs();
    long threadCpu = threadCpuMs();
    long started = System.nanoTime();
    PointInTimeStates.Reconstruction rebuilt = states.reconstruct(GATEWAY, target);
    List<ConfigEntity> state = rebuilt.state().entities();
    long wall = (System.nanoTime() - started) / 1_000_000;
    if (!state.equals(expected)) {
      throw new IllegalStateException(label + ": the rebuilt state is not the expected one");
    }
    System.out.printf(
        "%s: %d ms wall, cpu %d ms (this thread %d ms), base %s, %d changes replayed, %d"
            + " entities, load %.1f%n",
        label,
        wall,
        processCpuMs() - cpu,
        threadCpuMs() - threadCpu,
        rebuilt.baseDescription(),
        rebuilt.result().applied(),
        state.size(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  /** Seals everything into the folder; returns the entities at {@code targetSeq}. */
  private List<ConfigEntity> write(
      int entities, long changes, long interval, int segmentSize, long targetSeq) {
    long started = System.nanoTime();
    List<ConfigEntity> initial = new ArrayList<>(entities);
    for (int i = 0; i < entities; i++) {
      initial.add(io.gatevault.core.changes.EntityImage.decode(image(i, -1)));
    }
    ConfigSnapshot snapshot = new ConfigSnapshot(GATEWAY, "http-json", initial, "{}", null);
    target.seal(
        "snap-0",
        GATEWAY + "-snap-0-full.json",
        ArtifactKind.SNAPSHOT,
        snapshot.toDocument(),
        0,
        T0,
        true,
        Map.of("BackupType", "FULL"));
    ConfigState state = ConfigState.fromSnapshot(snapshot, "snap-0", 0, T0);
    java.util.HashMap<String, String> images = new java.util.HashMap<>();
    for (int i = 0; i < entities; i++) {
      ConfigEntity entity = initial.get(i);
      images.put(entity.key(), image(i, -1));
    }
    List<ConfigEntity> atTarget = null;
    long segmentBytes = 0;
    long checkpointBytes = 0;
    StringBuilder lines = new StringBuilder(segmentSize * 900);
    for (long first = 1; first <= changes; first += segmentSize) {
      long last = Math.min(changes, first + segmentSize - 1);
      lines.setLength(0);
      for (long seq = first; seq <= last; seq++) {
        LoggedChange change = changeAt(seq, entities);
        line(lines, change, images.get(change.entityKey()));
        state.apply(change);
        if (change.after() == null) {
          images.remove(change.entityKey());
        } else {
          images.put(change.entityKey(), change.after());
        }
        if (seq == targetSeq) {
          atTarget = state.entities();
        }
        if (seq % interval == 0) {
          byte[] checkpoint = Checkpoint.write(state);
          checkpointBytes = checkpoint.length;
          target.seal(
              "cp-" + seq,
              "checkpoint-" + seq,
              ArtifactKind.CHECKPOINT,
              checkpoint,
              seq,
              timeOf(seq).plusSeconds(1),
              true,
              Map.of("BackupType", "CHECKPOINT", "WatermarkTime", timeOf(seq).toString()));
        }
      }
      byte[] document = lines.toString().getBytes(StandardCharsets.UTF_8);
      segmentBytes += document.length;
      target.seal(
          "seg-" + first,
          first + "-" + last,
          ArtifactKind.CHANGE_SEGMENT,
          document,
          last,
          timeOf(last).plusSeconds(1),
          true,
          Map.of("BackupType", "INCREMENTAL"));
    }
    System.out.printf(
        "written in %d s: snapshot %.1f MB, %d segments %.0f MB in all, checkpoints %.1f MB"
            + " each%n",
        (System.nanoTime() - started) / 1_000_000_000,
        snapshot.toDocument().length / 1e6,
        (changes + segmentSize - 1) / segmentSize,
        segmentBytes / 1e6,
        checkpointBytes / 1e6);
    return atTarget;
  }

  /** A segment line as capture writes it: members sorted, before and after images as text. */
  private static void line(StringBuilder lines, LoggedChange change, String previous) {
    lines
        .append("{\"actor\":null,\"after\":")
        .append(SealedTargetFolder.quoted(change.after()))
        .append(",\"before\":")
        .append(SealedTargetFolder.quoted(previous))
        .append(",\"capturedAt\":\"")
        .append(change.occurredAt().plusMillis(2))
        .append("\",\"entityId\":\"")
        .append(change.entityId())
        .append("\",\"entityType\":\"")
        .append(change.entityType())
        .append("\",\"eventId\":\"e-")
        .append(change.sequence())
        .append("\",\"feed\":\"http-json-admin-poll\",\"naturalKey\":null,\"occurredAt\":\"")
        .append(change.occurredAt())
        .append("\",\"op\":\"")
        .append(change.op().name())
        .append("\",\"reference\":null,\"sequence\":")
        .append(change.sequence())
        .append("}\n");
  }

  /** The same storage with the checkpoints hidden: what replay costs without them. */
  private static final class WithoutCheckpoints implements BackupSource {
    private final BackupSource storage;

    WithoutCheckpoints(BackupSource storage) {
      this.storage = storage;
    }

    @Override
    public Optional<String> newestBackupOf(String gatewayId) {
      return storage.newestBackupOf(gatewayId);
    }

    @Override
    public VerifiedBackup read(String backupId) {
      return storage.read(backupId);
    }

    @Override
    public VerifiedBackup read(StoredBackup backup) {
      return storage.read(backup);
    }

    @Override
    public List<StoredBackup> storedOf(String gatewayId) {
      return storage.storedOf(gatewayId).stream()
          .filter(backup -> backup.manifest().kind() != ArtifactKind.CHECKPOINT)
          .toList();
    }

    @Override
    public String describe() {
      return storage.describe() + " without checkpoints";
    }
  }

  /** Change {@code seq}: a pure function of it (keys over 110% of the entities, ~10% deletes). */
  private static LoggedChange changeAt(long seq, int entities) {
    long mixed = mix(seq);
    int index = (int) Long.remainderUnsigned(mixed, entities + entities / 10);
    boolean delete = Long.remainderUnsigned(mixed >>> 32, 10) == 0;
    String type = TYPES[index % 3];
    String id = type.charAt(0) + Integer.toString(index);
    return delete
        ? new LoggedChange(seq, ChangeOperation.DELETE, type, id, null, timeOf(seq))
        : new LoggedChange(seq, ChangeOperation.UPDATE, type, id, image(index, seq), timeOf(seq));
  }

  /** Ten changes a second. */
  private static Instant timeOf(long seq) {
    return T0.plusMillis(seq * 100);
  }

  /** A canonical entity image of about 300 bytes (members in canonical order). */
  private static String image(int index, long version) {
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
      image.append("\"service\":\"service/s").append(index - 1).append('"');
    } else if (type.equals("plugin")) {
      image.append("\"route\":\"route/r").append(index - 1).append('"');
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

  private static long processCpuMs() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime()
        / 1_000_000;
  }

  private static long threadCpuMs() {
    return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1_000_000;
  }
}

package io.gatevault.encrypt.application;

import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.event.SnapshotChunk;
import io.gatevault.stream.AuditTrail;
import io.gatevault.stream.ProcessedEvents;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reassembles snapshots from their {@link SnapshotChunk}s and checks each against the SHA-256 its
 * chunks carry; the outcome is audited as {@value #ACTION}.
 *
 * <p>Chunks may arrive out of order and more than once (at-least-once delivery): a duplicate chunk
 * is ignored. Memory is bounded: incomplete snapshots are kept up to {@code max-pending-bytes} and
 * {@code max-pending-snapshots} (the oldest is dropped first) and for at most {@code
 * assembly-timeout}; each dropped snapshot is audited as a failure with the reason. Snapshots are
 * keyed by id and checksum, so a snapshot captured again with different content starts over rather
 * than mixing chunks.
 *
 * <p>Thread-safe: one consumer thread per partition may call it concurrently.
 */
public class SnapshotAssembler {

  static final String ACTION = "snapshot.assembled";

  private static final Logger log = LoggerFactory.getLogger(SnapshotAssembler.class);

  private final EncryptProperties limits;
  private final AuditTrail audit;
  private final ProcessedEvents processedChunks;
  private final ProcessedEvents completedSnapshots;
  private final Clock clock;
  private final Map<String, PendingSnapshot> pending = new LinkedHashMap<>();
  private long pendingBytes;

  public SnapshotAssembler(
      EncryptProperties limits,
      AuditTrail audit,
      ProcessedEvents processedChunks,
      ProcessedEvents completedSnapshots,
      Clock clock) {
    this.limits = limits;
    this.audit = audit;
    this.processedChunks = processedChunks;
    this.completedSnapshots = completedSnapshots;
    this.clock = clock;
  }

  /**
   * Adds a chunk; returns the snapshot when this chunk completed it and its checksum matched.
   *
   * @throws IllegalArgumentException when the chunk contradicts the chunks already received
   */
  public Optional<AssembledSnapshot> accept(SnapshotChunk chunk) {
    expireStale();
    List<AssembledSnapshot> completed = new ArrayList<>(1);
    processedChunks.handleOnce(
        chunk.envelope().eventId(), () -> assemble(chunk).ifPresent(completed::add));
    return completed.stream().findFirst();
  }

  private Optional<AssembledSnapshot> assemble(SnapshotChunk chunk) {
    String key = chunk.snapshotId() + "/" + chunk.sha256();
    if (completedSnapshots.alreadyHandled(key)) {
      return Optional.empty();
    }
    if (chunk.totalSize() > limits.maxSnapshotBytes().toBytes()) {
      String reason =
          "snapshot is "
              + chunk.totalSize()
              + " bytes, over gatevault.encrypt.max-snapshot-bytes ("
              + limits.maxSnapshotBytes().toBytes()
              + "); raise that limit to back it up";
      if (chunk.chunkIndex() == 0) {
        auditFailure(chunk, reason);
      }
      return Optional.empty();
    }
    PendingSnapshot snapshot;
    List<PendingSnapshot> dropped = new ArrayList<>();
    synchronized (pending) {
      snapshot = pending.get(key);
      if (snapshot == null) {
        snapshot = new PendingSnapshot(chunk, clock.instant());
        pending.put(key, snapshot);
      } else {
        snapshot.checkConsistent(chunk);
      }
      if (!snapshot.add(chunk)) {
        return Optional.empty();
      }
      pendingBytes += chunk.payload().size();
      dropped.addAll(evictOverLimits(key));
      if (!snapshot.isComplete()) {
        dropped.forEach(this::auditDropped);
        return Optional.empty();
      }
      pending.remove(key);
      pendingBytes -= snapshot.receivedBytes();
    }
    dropped.forEach(this::auditDropped);
    return complete(key, snapshot);
  }

  private Optional<AssembledSnapshot> complete(String key, PendingSnapshot snapshot) {
    byte[] document = snapshot.join();
    String actual = sha256Hex(document);
    // Chunk 0's envelope, not whichever chunk came first, so a replay derives the same audit id.
    SnapshotChunk first = snapshot.chunkZero;
    completedSnapshots.handleOnce(key, () -> {});
    Map<String, String> detail = new LinkedHashMap<>();
    detail.put("snapshotId", first.snapshotId());
    detail.put("chunks", Integer.toString(first.chunkCount()));
    detail.put("sizeBytes", Integer.toString(document.length));
    detail.put("sha256", actual);
    if (!actual.equals(first.sha256()) || document.length != first.totalSize()) {
      detail.put("expectedSha256", first.sha256());
      detail.put("expectedSizeBytes", Long.toString(first.totalSize()));
      detail.put(
          "reason",
          "reassembled snapshot does not match the checksum or size capture sent: a chunk was"
              + " altered or lost; request a new snapshot");
      audit.record(
          ACTION,
          first.snapshotId(),
          AuditOutcome.FAILURE,
          first.envelope(),
          first.gatewayId(),
          detail);
      log.warn(
          "Snapshot {} failed its checksum: expected {}, got {}",
          first.snapshotId(),
          first.sha256(),
          actual);
      return Optional.empty();
    }
    audit.record(
        ACTION,
        first.snapshotId(),
        AuditOutcome.SUCCESS,
        first.envelope(),
        first.gatewayId(),
        detail);
    log.info(
        "Assembled snapshot {} of gateway {}: {} bytes, sha-256 {}",
        first.snapshotId(),
        first.gatewayId(),
        document.length,
        actual);
    return Optional.of(
        new AssembledSnapshot(
            first.snapshotId(),
            first.gatewayId(),
            first.backupType(),
            document,
            actual,
            first.watermarkSequence(),
            first.tags(),
            first.capturedAt(),
            first.envelope(),
            first.name(),
            first.version(),
            first.description(),
            first.environment()));
  }

  /** Drops incomplete snapshots older than the assembly timeout, auditing each. */
  public void expireStale() {
    Instant cutoff = clock.instant().minus(limits.assemblyTimeout());
    List<PendingSnapshot> expired = new ArrayList<>();
    synchronized (pending) {
      Iterator<PendingSnapshot> iterator = pending.values().iterator();
      while (iterator.hasNext()) {
        PendingSnapshot snapshot = iterator.next();
        if (snapshot.startedAt.isBefore(cutoff)) {
          iterator.remove();
          pendingBytes -= snapshot.receivedBytes();
          snapshot.dropReason =
              "only "
                  + snapshot.receivedCount()
                  + " of "
                  + snapshot.first.chunkCount()
                  + " chunks arrived within gatevault.encrypt.assembly-timeout ("
                  + limits.assemblyTimeout()
                  + "); request a new snapshot";
          expired.add(snapshot);
        }
      }
    }
    expired.forEach(this::auditDropped);
  }

  /** Number of snapshots waiting for chunks. */
  public int pendingCount() {
    synchronized (pending) {
      return pending.size();
    }
  }

  private List<PendingSnapshot> evictOverLimits(String keep) {
    List<PendingSnapshot> dropped = new ArrayList<>();
    Iterator<Map.Entry<String, PendingSnapshot>> iterator = pending.entrySet().iterator();
    while ((pendingBytes > limits.maxPendingBytes().toBytes()
            || pending.size() > limits.maxPendingSnapshots())
        && iterator.hasNext()) {
      Map.Entry<String, PendingSnapshot> oldest = iterator.next();
      if (oldest.getKey().equals(keep)) {
        continue;
      }
      iterator.remove();
      pendingBytes -= oldest.getValue().receivedBytes();
      oldest.getValue().dropReason =
          "dropped to stay within gatevault.encrypt.max-pending-bytes ("
              + limits.maxPendingBytes()
              + ") and max-pending-snapshots ("
              + limits.maxPendingSnapshots()
              + ") while its chunks were still missing; raise them or request a new snapshot";
      dropped.add(oldest.getValue());
    }
    return dropped;
  }

  private void auditDropped(PendingSnapshot snapshot) {
    log.warn("Snapshot {} dropped: {}", snapshot.first.snapshotId(), snapshot.dropReason);
    auditFailure(snapshot.first, snapshot.dropReason);
  }

  private void auditFailure(SnapshotChunk chunk, String reason) {
    audit.record(
        ACTION,
        chunk.snapshotId(),
        AuditOutcome.FAILURE,
        chunk.envelope(),
        chunk.gatewayId(),
        Map.of("snapshotId", chunk.snapshotId(), "reason", reason));
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("This JVM provides no SHA-256 MessageDigest", e);
    }
  }

  /** Chunks received so far for one snapshot. */
  private static final class PendingSnapshot {
    private final SnapshotChunk first;
    private final Instant startedAt;
    private final byte[][] chunks;
    private int receivedCount;
    private long receivedBytes;
    private String dropReason;
    private SnapshotChunk chunkZero;

    PendingSnapshot(SnapshotChunk anyChunk, Instant startedAt) {
      this.first = anyChunk;
      this.startedAt = startedAt;
      this.chunks = new byte[anyChunk.chunkCount()][];
    }

    void checkConsistent(SnapshotChunk chunk) {
      if (chunk.chunkCount() != first.chunkCount()
          || chunk.totalSize() != first.totalSize()
          || !chunk.gatewayId().equals(first.gatewayId())) {
        throw new IllegalArgumentException(
            "Chunk "
                + chunk.chunkIndex()
                + " of snapshot "
                + chunk.snapshotId()
                + " says "
                + chunk.chunkCount()
                + " chunks / "
                + chunk.totalSize()
                + " bytes / gateway "
                + chunk.gatewayId()
                + ", but earlier chunks said "
                + first.chunkCount()
                + " / "
                + first.totalSize()
                + " / "
                + first.gatewayId());
      }
    }

    /** False when the chunk was already there. */
    boolean add(SnapshotChunk chunk) {
      if (chunks[chunk.chunkIndex()] != null) {
        return false;
      }
      chunks[chunk.chunkIndex()] = chunk.payload().toByteArray();
      receivedCount++;
      receivedBytes += chunks[chunk.chunkIndex()].length;
      if (chunk.chunkIndex() == 0) {
        chunkZero = chunk;
      }
      return true;
    }

    boolean isComplete() {
      return receivedCount == chunks.length;
    }

    int receivedCount() {
      return receivedCount;
    }

    long receivedBytes() {
      return receivedBytes;
    }

    byte[] join() {
      ByteArrayOutputStream out =
          new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, receivedBytes));
      for (byte[] chunk : chunks) {
        out.writeBytes(chunk);
      }
      return out.toByteArray();
    }
  }
}

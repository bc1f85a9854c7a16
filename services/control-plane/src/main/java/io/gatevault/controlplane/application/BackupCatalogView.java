package io.gatevault.controlplane.application;

import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.event.ArtifactManifest;
import io.gatevault.core.event.DeletionRecord;
import io.gatevault.core.event.ReplicaWritten;
import io.gatevault.core.event.VerificationResult;
import io.gatevault.core.event.VerificationStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The backup catalog, materialised in memory from the pipeline's topics: artifact manifests
 * (gatevault.artifacts.sealed; sealed chunks are not the catalog's business), copies written
 * (gatevault.replicas), verification results (gatevault.verifications) and deletions
 * (gatevault.deletions).
 *
 * <p>The topics are consumed independently, so facts about an artifact may arrive before its
 * manifest; they are kept and the artifact is listed once its manifest is known. Every fact is
 * idempotent (copies and deletions keyed by target, the newest verification wins), so a redelivered
 * or replayed record changes nothing. Bounded per kind: beyond {@code capacity} change segments
 * (and artifacts whose manifest has not arrived yet) the one first seen is forgotten, and beyond
 * {@code capacity} snapshots and checkpoints likewise, so the many small segments of a busy gateway
 * never push its snapshots out. The topics stay the record of truth; storage's manifests rebuild it
 * without Kafka.
 */
public class BackupCatalogView {

  /** Catalog type of a checkpoint artifact. */
  public static final String CHECKPOINT_TYPE = "CHECKPOINT";

  private static final Pattern VERSION_TAG = Pattern.compile("v?(\\d{1,9})");

  private final int capacity;
  private final Map<String, Facts> byArtifact = new LinkedHashMap<>();
  // Insertion order per bound: segments and artifacts of unknown kind; snapshots and checkpoints.
  private final java.util.LinkedHashSet<String> segmentsOrUnknown = new java.util.LinkedHashSet<>();
  private final java.util.LinkedHashSet<String> snapshotsAndCheckpoints =
      new java.util.LinkedHashSet<>();

  /** Everything known about one artifact so far. */
  private static final class Facts {
    ArtifactManifest manifest;
    final Map<String, ReplicaWritten> replicas = new TreeMap<>();
    final Map<String, DeletionRecord> deletions = new TreeMap<>();
    VerificationResult verification;
    // Written by gdpr erase straight onto the targets: it stands in for manifest, replicas and
    // verification.
    ErasureReplacement replacement;
    String supersededBy;
  }

  public BackupCatalogView(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException(
          "gatevault.control-plane.catalog-capacity must be at least 1, got " + capacity);
    }
    this.capacity = capacity;
  }

  public synchronized void onManifest(ArtifactManifest manifest) {
    Facts facts = facts(manifest.artifactId());
    // A re-wrapped key writes a newer manifest version of the same artifact; keep the newest.
    if (facts.manifest == null || manifest.version() >= facts.manifest.version()) {
      facts.manifest = manifest;
    }
    classify(manifest.artifactId(), manifest.kind() == ArtifactKind.CHANGE_SEGMENT);
  }

  public synchronized void onReplica(ReplicaWritten replica) {
    facts(replica.artifactId()).replicas.put(replica.targetId(), replica);
  }

  public synchronized void onVerification(VerificationResult result) {
    Facts facts = facts(result.artifactId());
    if (facts.verification == null || supersedes(result, facts.verification)) {
      facts.verification = result;
    }
  }

  public synchronized void onDeletion(DeletionRecord deletion) {
    if (!deletion.dryRun()) {
      facts(deletion.artifactId()).deletions.put(deletion.targetId(), deletion);
    }
  }

  /**
   * A backup {@code gdpr erase} wrote in place of one that held the subject: listed like a sealed
   * backup, verified by the erasure's read-back of every copy; the backup it replaces is marked
   * superseded by it. Idempotent: the same replacement again changes nothing.
   */
  public synchronized void onReplacement(ErasureReplacement replacement) {
    facts(replacement.artifactId()).replacement = replacement;
    classify(
        replacement.artifactId(), ArtifactKind.CHANGE_SEGMENT.name().equals(replacement.kind()));
    facts(replacement.supersedes()).supersededBy = replacement.artifactId();
  }

  /**
   * Up to {@code limit} backups, newest first, of one gateway or (with an empty {@code gatewayId})
   * of all.
   */
  public synchronized List<BackupCatalogEntry> newest(Optional<String> gatewayId, int limit) {
    return newest(gatewayId, limit, true);
  }

  /**
   * The newest backups, of one gateway or all.
   *
   * @param withChangeSegments whether sealed change-log segments are listed too
   */
  public synchronized List<BackupCatalogEntry> newest(
      Optional<String> gatewayId, int limit, boolean withChangeSegments) {
    return newest(gatewayId, limit, withChangeSegments, false);
  }

  /**
   * The newest backups, of one gateway or all.
   *
   * @param withChangeSegments whether sealed change-log segments are listed too
   * @param withCheckpoints whether checkpoints (replay aids, type {@value #CHECKPOINT_TYPE}) are
   *     listed too
   */
  public synchronized List<BackupCatalogEntry> newest(
      Optional<String> gatewayId, int limit, boolean withChangeSegments, boolean withCheckpoints) {
    return byArtifact.values().stream()
        .filter(BackupCatalogView::listed)
        .map(BackupCatalogView::entry)
        .filter(entry -> withChangeSegments || !"CHANGES".equals(entry.type()))
        .filter(entry -> withCheckpoints || !CHECKPOINT_TYPE.equals(entry.type()))
        .filter(entry -> gatewayId.map(entry.gatewayId()::equals).orElse(true))
        .sorted(
            Comparator.comparing(BackupCatalogEntry::created)
                .thenComparing(BackupCatalogEntry::artifactId)
                .reversed())
        .limit(limit)
        .toList();
  }

  /**
   * The backup with this artifact id, or else this name: the artifact's name ({@code ...json.gvx})
   * or the snapshot document's name without {@code .gvx}. When several artifacts carry the name,
   * the newest.
   */
  public synchronized Optional<BackupCatalogEntry> find(String artifactIdOrName) {
    Facts byId = byArtifact.get(artifactIdOrName);
    if (byId != null && listed(byId)) {
      return Optional.of(entry(byId));
    }
    return byArtifact.values().stream()
        .filter(BackupCatalogView::listed)
        .map(BackupCatalogView::entry)
        .filter(
            entry ->
                entry.name().equals(artifactIdOrName)
                    || entry.name().equals(artifactIdOrName + ".gvx"))
        .max(Comparator.comparing(BackupCatalogEntry::created));
  }

  /** Number of artifacts listed (with a manifest, or written by an erasure). */
  public synchronized int size() {
    return (int) byArtifact.values().stream().filter(BackupCatalogView::listed).count();
  }

  private static boolean listed(Facts facts) {
    return facts.manifest != null || facts.replacement != null;
  }

  private Facts facts(String artifactId) {
    Facts facts = byArtifact.get(artifactId);
    if (facts == null) {
      facts = new Facts();
      byArtifact.put(artifactId, facts);
      segmentsOrUnknown.add(artifactId);
      evictBeyond(segmentsOrUnknown);
    }
    return facts;
  }

  /** Moves an artifact to its kind's bound once its kind is known. */
  private void classify(String artifactId, boolean changeSegment) {
    if (changeSegment || !segmentsOrUnknown.remove(artifactId)) {
      return;
    }
    snapshotsAndCheckpoints.add(artifactId);
    evictBeyond(snapshotsAndCheckpoints);
  }

  private void evictBeyond(java.util.LinkedHashSet<String> bound) {
    while (bound.size() > capacity) {
      String oldest = bound.iterator().next();
      bound.remove(oldest);
      byArtifact.remove(oldest);
    }
  }

  /**
   * Whether {@code candidate} is newer news than {@code current}: a later verification wins; at the
   * same instant a final status wins over STARTED.
   */
  private static boolean supersedes(VerificationResult candidate, VerificationResult current) {
    int byTime = candidate.verifiedAt().compareTo(current.verifiedAt());
    if (byTime != 0) {
      return byTime > 0;
    }
    return current.status() == VerificationStatus.STARTED
        && candidate.status() != VerificationStatus.STARTED;
  }

  private static BackupCatalogEntry entry(Facts facts) {
    if (facts.manifest == null) {
      return replacementEntry(facts);
    }
    ArtifactManifest manifest = facts.manifest;
    List<BackupCatalogEntry.Replica> replicas = new ArrayList<>();
    for (ReplicaWritten replica : facts.replicas.values()) {
      DeletionRecord deleted = facts.deletions.get(replica.targetId());
      replicas.add(
          new BackupCatalogEntry.Replica(
              replica.targetId(),
              replica.medium(),
              replica.region(),
              replica.offSite(),
              replica.offline(),
              replica.location(),
              replica.sha256(),
              replica.sizeBytes(),
              replica.writtenAt(),
              deleted == null ? null : deleted.deletedAt()));
    }
    VerificationResult verification = facts.verification;
    return new BackupCatalogEntry(
        manifest.artifactId(),
        manifest.name(),
        manifest.gatewayId(),
        manifest.environment(),
        manifest.createdAt(),
        manifest.ciphertextSize(),
        manifest.plaintextSize(),
        manifest.sha256(),
        manifest.cipher(),
        type(manifest),
        version(manifest),
        manifest.retentionClass(),
        manifest.tags(),
        manifest.description(),
        verification == null ? BackupCatalogEntry.PENDING : verification.status().name(),
        verification == null ? null : verification.verifiedAt(),
        verification == null ? List.of() : verification.checks(),
        List.copyOf(replicas),
        deletion(facts),
        facts.supersededBy);
  }

  private static BackupCatalogEntry replacementEntry(Facts facts) {
    ErasureReplacement replacement = facts.replacement;
    List<BackupCatalogEntry.Replica> replicas = new ArrayList<>();
    for (ErasureReplacement.Copy copy : replacement.copies()) {
      DeletionRecord deleted = facts.deletions.get(copy.targetId());
      replicas.add(
          new BackupCatalogEntry.Replica(
              copy.targetId(),
              copy.medium(),
              copy.region(),
              copy.offSite(),
              copy.offline(),
              copy.location(),
              replacement.sha256(),
              replacement.size(),
              replacement.created(),
              deleted == null ? null : deleted.deletedAt()));
    }
    // A later verification (a verify run of its own) is newer news than the erasure's read-back.
    VerificationResult verification = facts.verification;
    boolean verifiedLater =
        verification != null
            && verification.status() != VerificationStatus.STARTED
            && verification.verifiedAt().isAfter(replacement.verifiedAt());
    boolean changeSegment = ArtifactKind.CHANGE_SEGMENT.name().equals(replacement.kind());
    boolean checkpoint = ArtifactKind.CHECKPOINT.name().equals(replacement.kind());
    String tagged = replacement.tags().get("BackupType");
    return new BackupCatalogEntry(
        replacement.artifactId(),
        replacement.name(),
        replacement.gatewayId(),
        replacement.environment(),
        replacement.created(),
        replacement.size(),
        replacement.plaintextSize(),
        replacement.sha256(),
        replacement.cipher(),
        changeSegment ? "CHANGES" : checkpoint ? CHECKPOINT_TYPE : tagged != null ? tagged : "FULL",
        version(replacement.tags()),
        replacement.retentionClass(),
        replacement.tags(),
        replacement.description(),
        verifiedLater ? verification.status().name() : replacement.status().name(),
        verifiedLater ? verification.verifiedAt() : replacement.verifiedAt(),
        verifiedLater ? verification.checks() : replacement.checks(),
        List.copyOf(replicas),
        deletion(facts, true),
        facts.supersededBy);
  }

  private static String type(ArtifactManifest manifest) {
    // A change segment's BackupType tag says INCREMENTAL; the catalog names what it holds.
    if (manifest.kind() == ArtifactKind.CHANGE_SEGMENT) {
      return "CHANGES";
    }
    if (manifest.kind() == ArtifactKind.CHECKPOINT) {
      return CHECKPOINT_TYPE;
    }
    String tagged = manifest.tags().get("BackupType");
    if (tagged != null) {
      return tagged;
    }
    return manifest.kind() == ArtifactKind.CHANGE_SEGMENT ? "CHANGES" : "FULL";
  }

  /** Capture tags each backup with its version ({@code Version=v3}). */
  static int version(ArtifactManifest manifest) {
    return version(manifest.tags());
  }

  private static int version(Map<String, String> tags) {
    String tagged = tags.get("Version");
    if (tagged == null) {
      return 0;
    }
    Matcher matcher = VERSION_TAG.matcher(tagged.strip());
    return matcher.matches() ? Integer.parseInt(matcher.group(1)) : 0;
  }

  private static BackupCatalogEntry.Deletion deletion(Facts facts) {
    return deletion(facts, false);
  }

  /**
   * @param fromReplacement whether the entry is an erasure's replacement, whose copies come from
   *     the erasure's report rather than replica events
   */
  private static BackupCatalogEntry.Deletion deletion(Facts facts, boolean fromReplacement) {
    if (facts.deletions.isEmpty()) {
      return BackupCatalogEntry.Deletion.NONE;
    }
    List<BackupCatalogEntry.DeletedCopy> copies =
        facts.deletions.values().stream()
            .map(
                deletion ->
                    new BackupCatalogEntry.DeletedCopy(
                        deletion.targetId(),
                        deletion.location(),
                        deletion.deletedAt(),
                        deletion.reason(),
                        deletion.policy(),
                        deletion.requestedBy()))
            .toList();
    boolean everyCopy =
        fromReplacement
            ? facts.replacement.copies().stream()
                .allMatch(copy -> facts.deletions.containsKey(copy.targetId()))
            : !facts.replicas.isEmpty()
                && facts.deletions.keySet().containsAll(facts.replicas.keySet());
    return new BackupCatalogEntry.Deletion(everyCopy ? "DELETED" : "PARTIAL", copies);
  }
}

package io.gatevault.crypto.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatevault.core.config.CanonicalJson;
import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.event.KeyReference;
import io.gatevault.core.event.VerificationCheck;
import io.gatevault.core.event.VerificationStatus;
import io.gatevault.core.id.DeterministicId;
import io.gatevault.core.storage.BackupCatalog;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.BackupStoreException;
import io.gatevault.core.storage.ManifestDocument;
import io.gatevault.core.storage.RepositoryLayout;
import io.gatevault.core.storage.Sha256;
import io.gatevault.core.storage.StoredBackup;
import io.gatevault.core.storage.VerificationDocument;
import io.gatevault.crypto.EncryptionContext;
import io.gatevault.crypto.EnvelopeSealer;
import io.gatevault.crypto.EnvelopeUnsealer;
import io.gatevault.crypto.SealedBytes;
import io.gatevault.crypto.WrappedDataKey;
import io.gatevault.crypto.WrappingKeyReference;
import io.gatevault.crypto.erasure.ErasureReport.ArtifactErasure;
import io.gatevault.crypto.erasure.ErasureReport.BlockedObject;
import io.gatevault.crypto.erasure.ErasureReport.CheckedArtifact;
import io.gatevault.crypto.erasure.ErasureReport.Outcome;
import io.gatevault.crypto.erasure.ErasureReport.RescanOutcome;
import io.gatevault.crypto.erasure.ErasureReport.RescanResult;
import io.gatevault.crypto.rotation.WrappedKeyObjects;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GDPR erasure ({@code gatevault gdpr erase}): removes one person's data from every stored backup
 * on every target.
 *
 * <p>Per artifact holding the subject ({@link SubjectScrubber} decides), in this order:
 *
 * <ol>
 *   <li><b>Rewrite.</b> The configuration without the subject is sealed with a fresh data key under
 *       the current keyring as a new artifact (its own id, derived from the erasure and the old id,
 *       and its own name, since storage is write-once) whose manifest tag {@value
 *       BackupCatalog#SUPERSEDES_TAG} names the old artifact: from then on the catalog, restore and
 *       prune see only the new one. Written to every target holding the old one: sealed object, key
 *       object, manifest last. A change segment keeps its name (its sequence range), hence its
 *       object key: its replacement is staged under the journal first and then replaces the old
 *       sealed object in place ({@link ChangeSegmentScrubber} keeps every change line); so does a
 *       checkpoint, whose key is its watermark. Snapshots and checkpoints are examined before
 *       change segments: where they held an erased entity ({@link SubjectScrubber#erasedPositions})
 *       is where a segment's position tag naming that entity is pointed instead.
 *   <li><b>Read back.</b> On every such target the new copy's SHA-256 is checked, it is unsealed
 *       and searched for the subject; a verification record is written. Nothing is deleted unless
 *       every copy passes; then the journal's {@code rewritten} record is written.
 *   <li><b>Delete.</b> The old artifact's objects on every target: sealed object, every key object
 *       (so a copy missed anywhere, e.g. on an offline medium, can no longer be opened:
 *       crypto-shredding), verification records, manifest last. An object the target must keep
 *       (object lock) is reported as blocked with its retention date, never skipped silently.
 *   <li><b>Record.</b> The deletion record on every target ({@link ErasureJournal}).
 * </ol>
 *
 * Artifacts without the subject are only read, and listed as checked. An interrupted run is
 * continued by running it again: a superseded artifact whose replacement is recorded as rewritten
 * only needs deleting; a replacement found on a target is reused byte for byte, never sealed again.
 * A run after a complete one writes nothing. Finally every copy of every stored artifact is read
 * again (the re-scan), proving where the subject no longer occurs: in any text, position tags
 * included, and as a snapshot's or checkpoint's position tag naming an entity it no longer holds
 * ({@link SubjectScrubber#danglingPositions}: one an erasure missed, even when the id does not
 * spell the subject).
 */
public final class SubjectEraser {

  /** Manifest tag naming the erasure that wrote a replacement. */
  public static final String ERASURE_TAG = "Erasure";

  private static final String READBACK_CHECK = "erasure-readback";

  /** A change segment's name: {@code <firstSequence>-<lastSequence>}. */
  private static final Pattern SEGMENT_RANGE = Pattern.compile("(\\d+)-(\\d+)");

  private final Clock clock;

  public SubjectEraser() {
    this(Clock.systemUTC());
  }

  public SubjectEraser(Clock clock) {
    this.clock = clock;
  }

  /** The new artifact id of {@code oldArtifactId} rewritten by erasure {@code erasureId}. */
  public static String replacementId(String erasureId, String oldArtifactId) {
    return DeterministicId.ARTIFACTS.deriveString("gdpr-erasure", erasureId, oldArtifactId);
  }

  /**
   * The replacement's name: the old one with {@code -erased-<8 hex>} before {@code .json}, so it
   * reads as the same backup and gets its own sealed object.
   */
  public static String replacementName(String erasureId, String oldName) {
    String mark = "-erased-" + erasureId.substring(erasureId.length() - 8);
    return oldName.endsWith(".json")
        ? oldName.substring(0, oldName.length() - ".json".length()) + mark + ".json"
        : oldName + mark;
  }

  public ErasureReport erase(ErasureRequest request) {
    Run run = new Run(request);
    BackupCatalog catalog = BackupCatalog.read(request.targets());
    Map<String, StoredBackup> current = new LinkedHashMap<>();
    catalog.backups().forEach(b -> current.put(b.artifactId(), b));

    // 1. Erasures interrupted after the rewrite: the old artifact is superseded but still stored.
    List<String> resumedReplacements = new ArrayList<>();
    for (StoredBackup old : catalog.superseded()) {
      Optional<StoredBackup> replacement =
          current.values().stream()
              .filter(b -> old.artifactId().equals(b.manifest().tags().get(supersedesTag())))
              .findFirst();
      String by = replacement.map(b -> b.manifest().tags().get(ERASURE_TAG)).orElse(null);
      if (replacement.isEmpty() || !run.journal.erasureId().equals(by)) {
        run.failures.add(
            "artifact "
                + old.artifactId()
                + " ("
                + old.manifest().name()
                + ") is replaced by "
                + replacement.map(StoredBackup::artifactId).orElse("another artifact")
                + " of erasure "
                + by
                + ", which has not finished deleting it: run `gatevault gdpr erase` again for"
                + " that erasure's subject");
        continue;
      }
      resumedReplacements.add(replacement.get().artifactId());
      run.resume(old);
    }

    // 2. Every current artifact: read, look for the subject, rewrite where found. Snapshots and
    // checkpoints first: where they held the subject's entities is what a change segment's
    // position tags naming those entities are pointed at instead.
    List<StoredBackup> inOrder = new ArrayList<>(current.values());
    inOrder.sort(
        Comparator.comparing(
            (StoredBackup b) -> b.manifest().kind() == ArtifactKind.CHANGE_SEGMENT));
    for (StoredBackup backup : inOrder) {
      if (resumedReplacements.contains(backup.artifactId())) {
        continue;
      }
      run.examine(backup);
    }

    List<RescanResult> rescan = request.dryRun() ? List.of() : run.rescan();
    return new ErasureReport(
        run.journal.erasureId(),
        ErasureJournal.subjectDigest(request.subject()),
        request.dryRun(),
        run.at,
        request.actor(),
        request.reason(),
        run.artifacts,
        run.checked,
        run.blocked,
        run.failures,
        rescan);
  }

  private static String supersedesTag() {
    return BackupCatalog.SUPERSEDES_TAG;
  }

  /** The state of one run. */
  private final class Run {
    final ErasureRequest request;
    final ErasureJournal journal;
    final Instant at;
    final EnvelopeUnsealer unsealer;
    final List<ArtifactErasure> artifacts = new ArrayList<>();
    final List<CheckedArtifact> checked = new ArrayList<>();
    final List<BlockedObject> blocked = new ArrayList<>();
    final List<String> failures = new ArrayList<>();
    final Map<String, List<String>> classified = new HashMap<>();

    /**
     * Per gateway, per watermark of a snapshot or checkpoint: where each erased entity stood there
     * ({@link SubjectScrubber#erasedPositions}).
     */
    final Map<String, TreeMap<Long, Map<String, String>>> erasedPositions = new HashMap<>();

    Run(ErasureRequest request) {
      this.request = request;
      this.journal = new ErasureJournal(ErasureJournal.erasureId(request.subject()));
      this.at = clock.instant();
      this.unsealer = new EnvelopeUnsealer(request.keyring());
    }

    void say(String line) {
      request.progress().accept(line);
    }

    void examine(StoredBackup backup) {
      ManifestDocument manifest = backup.manifest();
      byte[] document;
      try {
        document = openFirstGoodCopy(backup);
      } catch (RuntimeException unreadable) {
        Optional<JsonNode> plan =
            ErasureJournal.read(
                request.targets(),
                journal.planned(
                    manifest.environment(), manifest.gatewayId(), manifest.artifactId()));
        if (plan.isPresent() && !request.dryRun()) {
          // Every copy was already replaced in place (a change segment): finish from the plan.
          List<String> paths = new ArrayList<>();
          plan.get().path("removedPaths").forEach(p -> paths.add(p.asText()));
          List<String> fields = new ArrayList<>();
          plan.get().path("personalDataFields").forEach(p -> fields.add(p.asText()));
          classified.put(manifest.artifactId(), fields);
          rewrite(backup, new SubjectScrubber.Result(new byte[0], paths, List.of(), fields));
          return;
        }
        failures.add(
            "artifact "
                + manifest.artifactId()
                + " ("
                + manifest.name()
                + ") could not be read on any target, so it was not checked: "
                + unreadable.getMessage());
        return;
      }
      SubjectScrubber.Result scrubbed =
          manifest.kind() == ArtifactKind.CHANGE_SEGMENT
              ? SubjectScrubber.scrubChangeSegment(
                  document, request.subject(), positionsBefore(manifest))
              : SubjectScrubber.scrub(
                  document,
                  request.subject(),
                  request.classifiers().apply(gatewayType(document)).orElse(null));
      if (manifest.kind() != ArtifactKind.CHANGE_SEGMENT && scrubbed.containsSubject()) {
        Map<String, String> positions =
            SubjectScrubber.erasedPositions(document, request.subject());
        if (!positions.isEmpty()) {
          erasedPositions
              .computeIfAbsent(gatewayKey(manifest), key -> new TreeMap<>())
              .merge(
                  manifest.watermarkSequence(),
                  positions,
                  (older, newer) -> {
                    Map<String, String> both = new HashMap<>(newer);
                    both.putAll(older);
                    return both;
                  });
        }
      }
      classified.put(manifest.artifactId(), scrubbed.personalDataFields());
      List<String> inManifest = manifestOccurrences(manifest, request.subject());
      if (!inManifest.isEmpty()) {
        // The manifest is plaintext beside the sealed object: free text naming the person goes
        // too, by a replacement like any other (manifests are written once).
        List<String> removed = new ArrayList<>(scrubbed.removedPaths());
        removed.addAll(inManifest);
        scrubbed =
            new SubjectScrubber.Result(
                scrubbed.document(),
                removed,
                scrubbed.residualPaths(),
                scrubbed.personalDataFields());
      }
      if (!scrubbed.containsSubject()) {
        checked.add(
            new CheckedArtifact(
                manifest.gatewayId(),
                manifest.artifactId(),
                manifest.name(),
                manifest.sha256(),
                targetsOf(backup)));
        say("  checked " + manifest.name() + ": subject not found");
        return;
      }
      Outcome refused = null;
      if (!scrubbed.clean()) {
        refused = Outcome.NEEDS_REVIEW;
      } else if (request.dryRun()) {
        refused = Outcome.WOULD_ERASE;
      }
      if (refused != null) {
        artifacts.add(
            erasure(manifest, null, scrubbed.removedPaths(), scrubbed.residualPaths(), refused));
        say("  " + refused.name().toLowerCase().replace('_', ' ') + ": " + manifest.name());
        return;
      }
      rewrite(backup, scrubbed);
    }

    /** Continues an erasure interrupted after its replacement was written. */
    void resume(StoredBackup old) {
      ManifestDocument manifest = old.manifest();
      Optional<JsonNode> rewritten =
          ErasureJournal.read(
              request.targets(),
              journal.rewritten(
                  manifest.environment(), manifest.gatewayId(), manifest.artifactId()));
      if (rewritten.isEmpty()) {
        // Interrupted before every copy of the replacement was read back: redo from the old one.
        say("  resuming " + manifest.name() + ": its replacement was not read back everywhere");
        examine(old);
        return;
      }
      say("  resuming " + manifest.name() + ": deleting the replaced artifact");
      List<String> paths = new ArrayList<>();
      rewritten.get().path("removedPaths").forEach(p -> paths.add(p.asText()));
      List<String> fields = new ArrayList<>();
      rewritten.get().path("personalDataFields").forEach(p -> fields.add(p.asText()));
      classified.put(manifest.artifactId(), fields);
      Replacement replacement =
          new Replacement(
              rewritten.get().path("newArtifactId").asText(),
              rewritten.get().path("newName").asText(),
              rewritten.get().path("newSha256").asText());
      if (request.dryRun()) {
        artifacts.add(erasure(manifest, replacement, paths, List.of(), Outcome.WOULD_ERASE));
        return;
      }
      deleteOld(old, replacement, paths);
    }

    void rewrite(StoredBackup old, SubjectScrubber.Result scrubbed) {
      ManifestDocument manifest = old.manifest();
      List<BackupStore> holders = holders(old);
      // A change segment (named by its range) and a checkpoint (by its watermark) keep their
      // object key, so their replacement takes the old one's place.
      boolean segment = replacedInPlace(manifest);
      if (segment && !segmentReplaceable(old, holders)) {
        artifacts.add(erasure(manifest, null, scrubbed.removedPaths(), List.of(), Outcome.BLOCKED));
        return;
      }
      NewArtifact fresh;
      try {
        fresh = replacementFor(manifest, holders, scrubbed.document());
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("erasureId", journal.erasureId());
        plan.put("oldArtifactId", manifest.artifactId());
        plan.put("newArtifactId", fresh.manifest.artifactId());
        plan.put("removedPaths", scrubbed.removedPaths());
        plan.put("personalDataFields", scrubbed.personalDataFields());
        ErasureJournal.record(
            request.targets(),
            journal.planned(manifest.environment(), manifest.gatewayId(), manifest.artifactId()),
            plan);
        if (segment) {
          // The replacement takes the old segment's object key: durable beside it first.
          for (BackupStore holder : holders) {
            holder.put(stagedSealed(fresh.manifest), fresh.sealed);
            holder.put(stagedManifest(fresh.manifest), fresh.manifestJson);
            holder.put(fresh.keyKey, fresh.keyObject);
          }
        }
        for (BackupStore holder : holders) {
          write(holder, fresh, manifest);
        }
      } catch (RuntimeException e) {
        failures.add(
            "artifact "
                + manifest.artifactId()
                + " ("
                + manifest.name()
                + "): writing its replacement failed, nothing was deleted: "
                + e.getMessage());
        artifacts.add(erasure(manifest, null, scrubbed.removedPaths(), List.of(), Outcome.FAILED));
        return;
      }
      List<VerificationCheck> checks = new ArrayList<>();
      for (BackupStore holder : holders) {
        checks.add(readBack(holder, fresh.manifest));
      }
      VerificationDocument verification =
          new VerificationDocument(
              VerificationDocument.FORMAT_VERSION,
              fresh.manifest.artifactId(),
              fresh.manifest.gatewayId(),
              fresh.manifest.environment(),
              VerificationStatus.of(checks),
              checks,
              clock.instant());
      for (BackupStore holder : holders) {
        if (checks.stream()
            .anyMatch(c -> c.passed() && holder.describe().targetId().equals(c.targetId()))) {
          holder.put(verification.key(), verification.toJson());
        }
      }
      Replacement replacement =
          new Replacement(
              fresh.manifest.artifactId(), fresh.manifest.name(), fresh.manifest.sha256());
      if (verification.status() != VerificationStatus.SUCCESS) {
        failures.add(
            "artifact "
                + manifest.artifactId()
                + " ("
                + manifest.name()
                + "): its replacement "
                + replacement.artifactId
                + " did not read back on every target, so the old artifact was kept: "
                + checks.stream()
                    .filter(c -> !c.passed())
                    .map(c -> c.targetId() + ": " + c.detail())
                    .toList());
        artifacts.add(
            erasure(manifest, replacement, scrubbed.removedPaths(), List.of(), Outcome.FAILED));
        return;
      }
      say("  rewrote " + manifest.name() + " as " + fresh.manifest.name());
      Map<String, Object> record = new LinkedHashMap<>();
      record.put("erasureId", journal.erasureId());
      record.put("oldArtifactId", manifest.artifactId());
      record.put("oldSha256", manifest.sha256());
      record.put("newArtifactId", replacement.artifactId);
      record.put("newName", replacement.name);
      record.put("newSha256", replacement.sha256);
      record.put("removedPaths", scrubbed.removedPaths());
      record.put("personalDataFields", scrubbed.personalDataFields());
      record.put("targets", holders.stream().map(h -> h.describe().targetId()).toList());
      record.put("at", clock.instant().toString());
      ErasureJournal.record(
          request.targets(),
          journal.rewritten(manifest.environment(), manifest.gatewayId(), manifest.artifactId()),
          record);
      deleteOld(old, replacement, scrubbed.removedPaths());
    }

    /**
     * The replacement's bytes: the ones an earlier, interrupted run wrote (found by its manifest on
     * some target), so every target ends up with the same artifact; else freshly sealed.
     */
    NewArtifact replacementFor(ManifestDocument old, List<BackupStore> holders, byte[] document) {
      String newId = replacementId(journal.erasureId(), old.artifactId());
      String manifestKey = RepositoryLayout.manifest(old.environment(), old.gatewayId(), newId);
      for (BackupStore target : request.targets()) {
        if (target.exists(manifestKey)) {
          byte[] manifestJson = target.get(manifestKey);
          ManifestDocument manifest =
              ManifestDocument.fromJson(
                  manifestJson, manifestKey + " on " + target.describe().targetId());
          List<Integer> versions =
              WrappedKeyObjects.versions(
                  target, manifest.environment(), manifest.gatewayId(), manifest.artifactId());
          if (!versions.isEmpty() && target.exists(manifest.artifactKey())) {
            String keyKey =
                RepositoryLayout.wrappedKey(
                    manifest.environment(),
                    manifest.gatewayId(),
                    manifest.artifactId(),
                    versions.get(0));
            return new NewArtifact(
                manifest,
                manifestJson,
                target.get(manifest.artifactKey()),
                keyKey,
                target.get(keyKey));
          }
        }
      }
      String stagedManifest = journal.stagedManifest(old.environment(), old.gatewayId(), newId);
      for (BackupStore target : request.targets()) {
        if (target.exists(stagedManifest)) {
          byte[] manifestJson = target.get(stagedManifest);
          ManifestDocument manifest =
              ManifestDocument.fromJson(
                  manifestJson, stagedManifest + " on " + target.describe().targetId());
          String keyKey = manifest.keyReference().wrappedKeyObject();
          if (target.exists(stagedSealed(manifest)) && target.exists(keyKey)) {
            return new NewArtifact(
                manifest,
                manifestJson,
                target.get(stagedSealed(manifest)),
                keyKey,
                target.get(keyKey));
          }
        }
      }
      if (document.length == 0) {
        throw new IllegalStateException(
            "the replacement of "
                + old.artifactId()
                + " is neither stored nor staged on any target, and the old artifact can no"
                + " longer be read: restore it from another copy and run again");
      }
      EncryptionContext context = new EncryptionContext(old.gatewayId(), old.environment(), newId);
      SealedBytes sealed = new EnvelopeSealer(request.sealingKeyring()).seal(document, context);
      WrappingKeyReference key = sealed.envelope().keyReference();
      String keyKey =
          RepositoryLayout.wrappedKey(old.environment(), old.gatewayId(), newId, key.keyVersion());
      Map<String, String> tags = new TreeMap<>();
      old.tags().entrySet().stream()
          .filter(
              tag ->
                  !tag.getKey().contains(request.subject())
                      && !tag.getValue().contains(request.subject()))
          .forEach(tag -> tags.put(tag.getKey(), tag.getValue()));
      tags.put(supersedesTag(), old.artifactId());
      tags.put(ERASURE_TAG, journal.erasureId());
      ManifestDocument manifest =
          new ManifestDocument(
              ManifestDocument.FORMAT_VERSION,
              newId,
              old.gatewayId(),
              old.environment(),
              // A change segment is named by its sequence range, a checkpoint by its watermark:
              // the replacement keeps it.
              replacedInPlace(old) ? old.name() : replacementName(journal.erasureId(), old.name()),
              old.kind(),
              1,
              EnvelopeSealer.CIPHER,
              new KeyReference(key.keyringId(), key.keyId(), key.keyVersion(), keyKey),
              sealed.envelope().plaintextSize(),
              sealed.envelope().ciphertextSize(),
              sealed.envelope().ciphertextSha256(),
              old.watermarkSequence(),
              old.retentionClass(),
              tags,
              old.description() != null && old.description().contains(request.subject())
                  ? null
                  : old.description(),
              // The same moment's configuration: retention and point-in-time restore see the
              // backup where the old one was.
              old.createdAt());
      return new NewArtifact(
          manifest,
          manifest.toJson(),
          sealed.ciphertext(),
          keyKey,
          sealed.envelope().wrappedDataKey().bytes());
    }

    /** Sealed object, key object, manifest last (docs/repository-format.md, order of writes). */
    void write(BackupStore target, NewArtifact artifact, ManifestDocument old) {
      if (!target.exists(artifact.manifest.manifestKey())) {
        // A change segment's replacement shares the old one's key: the old sealed object goes
        // first (the replacement is staged, so the range stays readable from storage).
        // Objects of the replacement without its manifest are leftovers of an interrupted run
        // whose bytes were never used: replace them rather than conflict with them.
        for (String key : List.of(artifact.manifest.artifactKey(), artifact.keyKey)) {
          String wanted =
              key.equals(artifact.keyKey)
                  ? Sha256.hex(artifact.keyObject)
                  : artifact.manifest.sha256();
          if (target.stat(key).filter(s -> !s.sha256().equals(wanted)).isPresent()) {
            target.delete(key);
          }
        }
      }
      target.put(artifact.manifest.artifactKey(), artifact.sealed);
      target.put(artifact.keyKey, artifact.keyObject);
      target.put(artifact.manifest.manifestKey(), artifact.manifestJson);
    }

    VerificationCheck readBack(BackupStore target, ManifestDocument manifest) {
      String targetId = target.describe().targetId();
      try {
        byte[] document = open(target, manifest);
        List<String> found =
            new ArrayList<>(SubjectScrubber.occurrences(document, request.subject()));
        found.addAll(SubjectScrubber.danglingPositions(document, request.subject()));
        if (!found.isEmpty()) {
          return new VerificationCheck(
              READBACK_CHECK, targetId, false, "the subject still occurs at " + found);
        }
        return new VerificationCheck(
            READBACK_CHECK,
            targetId,
            true,
            "SHA-256 matches the manifest, every segment authenticated, the erased subject occurs"
                + " nowhere");
      } catch (RuntimeException e) {
        return new VerificationCheck(READBACK_CHECK, targetId, false, e.getMessage());
      }
    }

    void deleteOld(StoredBackup old, Replacement replacement, List<String> removedPaths) {
      ManifestDocument manifest = old.manifest();
      Map<String, List<String>> deleted = new LinkedHashMap<>();
      int blockedBefore = blocked.size();
      int failuresBefore = failures.size();
      for (BackupStore target : request.targets()) {
        String targetId = target.describe().targetId();
        List<String> keys = new ArrayList<>();
        keys.add(manifest.artifactKey());
        for (int version :
            WrappedKeyObjects.versions(
                target, manifest.environment(), manifest.gatewayId(), manifest.artifactId())) {
          keys.add(
              RepositoryLayout.wrappedKey(
                  manifest.environment(), manifest.gatewayId(), manifest.artifactId(), version));
        }
        keys.addAll(target.list(manifest.verificationsPrefix()));
        keys.add(manifest.manifestKey());
        boolean keptSome = false;
        List<String> gone = new ArrayList<>();
        for (String key : keys) {
          if (key.equals(manifest.manifestKey()) && keptSome) {
            // Kept while anything of the artifact is: the next run finds it by its manifest.
            break;
          }
          if (!target.exists(key)) {
            continue;
          }
          if (key.equals(manifest.artifactKey())
              && target.stat(key).filter(st -> st.sha256().equals(manifest.sha256())).isEmpty()) {
            // A change segment's key now holds its replacement: not the old artifact's object.
            continue;
          }
          Optional<Instant> until = request.retention().retainedUntil(target, key, manifest);
          if (until.isPresent() && until.get().isAfter(clock.instant())) {
            blocked.add(
                new BlockedObject(
                    targetId,
                    key,
                    manifest.artifactId(),
                    until.get(),
                    "object lock: the target keeps it until " + until.get()));
            keptSome = true;
            continue;
          }
          try {
            if (target.delete(key)) {
              gone.add(key);
            }
          } catch (BackupStoreException e) {
            keptSome = true;
            if (e.isRetriable()) {
              failures.add(
                  targetId + ": deleting " + key + " failed, run again: " + e.getMessage());
            } else {
              blocked.add(
                  new BlockedObject(targetId, key, manifest.artifactId(), null, e.getMessage()));
            }
          }
        }
        if (!gone.isEmpty()) {
          deleted.put(targetId, gone);
          say("  deleted " + gone.size() + " objects of " + manifest.name() + " on " + targetId);
        }
      }
      boolean complete = blocked.size() == blockedBefore && failures.size() == failuresBefore;
      Map<String, Object> record = new LinkedHashMap<>();
      record.put("recordType", "gdpr-erasure");
      record.put("formatVersion", 1);
      record.put("erasureId", journal.erasureId());
      record.put("subjectDigest", ErasureJournal.subjectDigest(request.subject()));
      Map<String, Object> what = new LinkedHashMap<>();
      what.put("artifactId", manifest.artifactId());
      what.put("name", manifest.name());
      what.put("gatewayId", manifest.gatewayId());
      what.put("environment", manifest.environment());
      what.put("sha256", manifest.sha256());
      what.put("removedPaths", removedPaths);
      what.put("personalDataFields", classified.getOrDefault(manifest.artifactId(), List.of()));
      what.put("deletedObjects", deleted);
      record.put("what", what);
      Map<String, Object> replacedBy = new LinkedHashMap<>();
      replacedBy.put("artifactId", replacement.artifactId);
      replacedBy.put("name", replacement.name);
      replacedBy.put("sha256", replacement.sha256);
      record.put("replacedBy", replacedBy);
      record.put(
          "how",
          "rewritten without the subject and sealed with a fresh data key under "
              + request.sealingKeyring().reference().describe()
              + "; every object of the old artifact deleted on every target, its key objects"
              + " included, so a copy missed anywhere can no longer be opened (crypto-shredding)");
      record.put("when", clock.instant().toString());
      record.put("by", request.actor());
      record.put("reason", request.reason());
      if (complete) {
        ErasureJournal.record(
            request.targets(),
            journal.deleted(manifest.environment(), manifest.gatewayId(), manifest.artifactId()),
            record);
        String stagedSealed =
            journal.stagedSealed(
                manifest.environment(), manifest.gatewayId(), replacement.artifactId);
        String stagedManifest =
            journal.stagedManifest(
                manifest.environment(), manifest.gatewayId(), replacement.artifactId);
        for (BackupStore target : request.targets()) {
          target.delete(stagedSealed);
          target.delete(stagedManifest);
        }
      } else {
        record.put(
            "blocked",
            blocked.subList(blockedBefore, blocked.size()).stream()
                .map(b -> b.targetId() + ": " + b.key() + " until " + b.retainedUntil())
                .toList());
        ErasureJournal.record(
            request.targets(),
            journal.blocked(manifest.environment(), manifest.gatewayId(), manifest.artifactId()),
            record);
      }
      List<String> touched = new ArrayList<>(deleted.keySet());
      holders(old).stream()
          .map(h -> h.describe().targetId())
          .filter(id -> !touched.contains(id))
          .forEach(touched::add);
      artifacts.add(
          new ArtifactErasure(
              manifest.gatewayId(),
              manifest.environment(),
              manifest.artifactId(),
              manifest.name(),
              manifest.sha256(),
              replacement.artifactId,
              replacement.name,
              replacement.sha256,
              removedPaths,
              List.of(),
              touched,
              complete ? Outcome.ERASED : Outcome.BLOCKED,
              classified.getOrDefault(manifest.artifactId(), List.of())));
    }

    List<RescanResult> rescan() {
      BackupCatalog after = BackupCatalog.read(request.targets());
      List<StoredBackup> stored = new ArrayList<>(after.backups());
      stored.addAll(after.superseded());
      Map<String, BackupStore> byId = new HashMap<>();
      request.targets().forEach(t -> byId.put(t.describe().targetId(), t));
      List<RescanResult> results = new ArrayList<>();
      for (StoredBackup backup : stored) {
        ManifestDocument manifest = backup.manifest();
        for (StoredBackup.Replica replica : backup.replicas()) {
          BackupStore target = byId.get(replica.targetId());
          RescanOutcome outcome;
          String detail;
          try {
            byte[] document = open(target, manifest);
            List<String> found =
                new ArrayList<>(SubjectScrubber.occurrences(document, request.subject()));
            // A position tag still naming an erased entity, even one whose id does not spell the
            // subject, is a copy the erasure missed.
            found.addAll(SubjectScrubber.danglingPositions(document, request.subject()));
            found.addAll(manifestOccurrences(manifest, request.subject()));
            outcome = found.isEmpty() ? RescanOutcome.CLEAN : RescanOutcome.CONTAINS_SUBJECT;
            detail = found.isEmpty() ? "subject not found" : "subject at " + found;
          } catch (RuntimeException e) {
            outcome = RescanOutcome.UNREADABLE;
            detail = e.getMessage();
          }
          results.add(
              new RescanResult(
                  replica.targetId(),
                  manifest.artifactId(),
                  manifest.name(),
                  manifest.sha256(),
                  outcome,
                  detail));
        }
      }
      say(
          "  re-scan: "
              + results.size()
              + " copies read, "
              + results.stream().filter(r -> r.outcome() == RescanOutcome.CLEAN).count()
              + " clean");
      return results;
    }

    byte[] openFirstGoodCopy(StoredBackup backup) {
      List<String> problems = new ArrayList<>();
      for (BackupStore target : holders(backup)) {
        try {
          return open(target, backup.manifest());
        } catch (RuntimeException e) {
          problems.add(target.describe().targetId() + ": " + e.getMessage());
        }
      }
      throw new IllegalStateException(
          problems.isEmpty() ? "no target holds a copy" : String.join("; ", problems));
    }

    /**
     * The artifact's plaintext from one target: SHA-256 checked against the manifest, unsealed into
     * an owner-only temporary file that is read only after the last segment authenticated, then
     * deleted.
     */
    byte[] open(BackupStore target, ManifestDocument manifest) {
      byte[] sealed = target.get(manifest.artifactKey());
      String sha256 = Sha256.hex(sealed);
      if (!sha256.equals(manifest.sha256())) {
        throw new IllegalStateException(
            "SHA-256 of "
                + manifest.artifactKey()
                + " is "
                + sha256
                + ", the manifest says "
                + manifest.sha256());
      }
      List<WrappedDataKey> keys = WrappedKeyObjects.newestFirst(target, manifest);
      EncryptionContext context =
          new EncryptionContext(
              manifest.gatewayId(), manifest.environment(), manifest.artifactId());
      Path file = null;
      try {
        Files.createDirectories(request.workDir());
        Path dir =
            Files.createTempDirectory(
                request.workDir(),
                ".gv-erase-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        file = dir.resolve(UUID.randomUUID() + ".json");
        unsealer.unsealToFile(new ByteArrayInputStream(sealed), file, keys, context);
        return Files.readAllBytes(file);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "unsealing " + manifest.artifactKey() + " into " + request.workDir() + " failed", e);
      } finally {
        if (file != null) {
          try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.getParent());
          } catch (IOException ignored) {
            // A leftover owner-only temporary folder; reported by nothing, removed by the OS.
          }
        }
      }
    }

    List<BackupStore> holders(StoredBackup backup) {
      List<BackupStore> holders = new ArrayList<>();
      for (BackupStore target : request.targets()) {
        if (backup.replicaOn(target.describe().targetId()).isPresent()) {
          holders.add(target);
        }
      }
      return holders;
    }

    List<String> targetsOf(StoredBackup backup) {
      return backup.replicas().stream().map(StoredBackup.Replica::targetId).toList();
    }

    ArtifactErasure erasure(
        ManifestDocument manifest,
        Replacement replacement,
        List<String> removed,
        List<String> residual,
        Outcome outcome) {
      return new ArtifactErasure(
          manifest.gatewayId(),
          manifest.environment(),
          manifest.artifactId(),
          manifest.name(),
          manifest.sha256(),
          replacement == null ? null : replacement.artifactId,
          replacement == null ? null : replacement.name,
          replacement == null ? null : replacement.sha256,
          removed,
          residual,
          List.of(),
          outcome,
          classified.getOrDefault(manifest.artifactId(), List.of()));
    }

    String stagedSealed(ManifestDocument replacement) {
      return journal.stagedSealed(
          replacement.environment(), replacement.gatewayId(), replacement.artifactId());
    }

    String stagedManifest(ManifestDocument replacement) {
      return journal.stagedManifest(
          replacement.environment(), replacement.gatewayId(), replacement.artifactId());
    }

    /**
     * A change segment is replaced in place, so an old sealed object a target must still keep
     * (object lock) blocks the replacement there: reported, and nothing is written.
     */
    boolean segmentReplaceable(StoredBackup old, List<BackupStore> holders) {
      ManifestDocument manifest = old.manifest();
      boolean replaceable = true;
      for (BackupStore holder : holders) {
        Optional<Instant> until =
            request.retention().retainedUntil(holder, manifest.artifactKey(), manifest);
        if (until.isPresent() && until.get().isAfter(clock.instant())) {
          blocked.add(
              new BlockedObject(
                  holder.describe().targetId(),
                  manifest.artifactKey(),
                  manifest.artifactId(),
                  until.get(),
                  "object lock: the change segment is replaced in place, after " + until.get()));
          replaceable = false;
        }
      }
      return replaceable;
    }

    /** Where the manifest's free text (description, tags) names the subject; paths only. */
    List<String> manifestOccurrences(ManifestDocument manifest, String subject) {
      List<String> paths = new ArrayList<>();
      if (manifest.description() != null && manifest.description().contains(subject)) {
        paths.add("manifest/description");
      }
      manifest
          .tags()
          .forEach(
              (key, value) -> {
                if (key.contains(subject) || value.contains(subject)) {
                  paths.add("manifest/tags/" + (key.contains(subject) ? "(subject)" : key));
                }
              });
      return paths;
    }

    /** An artifact whose replacement keeps its object key: staged first, then put in its place. */
    boolean replacedInPlace(ManifestDocument manifest) {
      return manifest.kind() == ArtifactKind.CHANGE_SEGMENT
          || manifest.kind() == ArtifactKind.CHECKPOINT;
    }

    /**
     * Where the erased entities stood just before a change segment: the newest snapshot or
     * checkpoint at or before its first change decides, older ones fill in entities it does not
     * place; when none is that old, the oldest one after it. (The segment itself updates this from
     * the erased entity's own changes, {@link ChangeSegmentScrubber}.)
     */
    Map<String, String> positionsBefore(ManifestDocument segment) {
      TreeMap<Long, Map<String, String>> byWatermark = erasedPositions.get(gatewayKey(segment));
      if (byWatermark == null || byWatermark.isEmpty()) {
        return Map.of();
      }
      long first = segment.watermarkSequence();
      Matcher range = SEGMENT_RANGE.matcher(segment.name());
      if (range.matches()) {
        first = Long.parseLong(range.group(1));
      }
      Map<Long, Map<String, String>> before = byWatermark.headMap(first, false);
      if (before.isEmpty()) {
        return byWatermark.firstEntry().getValue();
      }
      Map<String, String> positions = new HashMap<>();
      before.values().forEach(positions::putAll);
      return positions;
    }

    String gatewayKey(ManifestDocument manifest) {
      return manifest.environment() + "/" + manifest.gatewayId();
    }

    /** The snapshot document's gateway type, or "" for another kind of document. */
    String gatewayType(byte[] document) {
      try {
        return CanonicalJson.parse(document).path("gatewayType").asText("");
      } catch (IllegalArgumentException notJson) {
        return "";
      }
    }
  }

  /** A replacement artifact's stored objects. */
  private record NewArtifact(
      ManifestDocument manifest,
      byte[] manifestJson,
      byte[] sealed,
      String keyKey,
      byte[] keyObject) {}

  /** What the report and the deletion record say about a replacement. */
  private record Replacement(String artifactId, String name, String sha256) {}
}

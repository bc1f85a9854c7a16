package io.gatevault.prune.application;

import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.event.EventEnvelope;
import io.gatevault.core.event.GatevaultEvent;
import io.gatevault.core.event.KeyReference;
import io.gatevault.core.event.PruneRequested;
import io.gatevault.core.event.StorageMedium;
import io.gatevault.core.event.VerificationCheck;
import io.gatevault.core.event.VerificationStatus;
import io.gatevault.core.retention.RetentionPolicy;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.ManifestDocument;
import io.gatevault.core.storage.RepositoryLayout;
import io.gatevault.core.storage.Sha256;
import io.gatevault.core.storage.TargetDescription;
import io.gatevault.core.storage.VerificationDocument;
import io.gatevault.storage.FilesystemBackupStore;
import io.gatevault.stream.AuditTrail;
import io.gatevault.stream.Envelopes;
import io.gatevault.stream.EventPublisher;
import io.gatevault.stream.ProcessedEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the prune tests run on: three real target folders ({@code disk-a}, {@code disk-b} and the
 * off-site removable {@code usb}) holding gateway {@code caddy-prod}'s artifacts as the pipeline
 * stores them, a {@link RetentionPruner} over them whose events go to an in-memory publisher, and
 * prune requests by alice, all at the fixed moment {@link #NOW}.
 */
final class PruneTargets {

  static final Instant NOW = Instant.parse("2025-09-30T12:00:00Z");
  static final String GATEWAY = "caddy-prod";

  /** The newest backup of the scenarios: capture stopped weeks before {@link #NOW}. */
  static final Instant LAST_BACKUP = Instant.parse("2025-08-18T14:30:00Z");

  /** Seven daily backups, nothing weekly or monthly. */
  static final RetentionPolicy SEVEN_DAYS = new RetentionPolicy("default", 7, 0, 0);

  private List<BackupStore> targets;
  private final List<GatevaultEvent> published = new ArrayList<>();
  private final List<String> topics = new ArrayList<>();

  /**
   * @param folder where the three target folders are created
   */
  PruneTargets(Path folder) {
    targets =
        List.of(
            target(folder, "disk-a", StorageMedium.FILESYSTEM, false),
            target(folder, "disk-b", StorageMedium.FILESYSTEM, false),
            target(folder, "usb", StorageMedium.REMOVABLE_MEDIA, true));
  }

  private static BackupStore target(Path folder, String id, StorageMedium medium, boolean offSite) {
    return new FilesystemBackupStore(
        new TargetDescription(id, medium, "eu-west-1", offSite, false), folder.resolve(id));
  }

  List<BackupStore> targets() {
    return targets;
  }

  /** Prunes from now on over {@code replaced} (a target that fails, for instance). */
  void replaceTargets(List<BackupStore> replaced) {
    targets = replaced;
  }

  /** Every event the pruners published, in order. */
  List<GatevaultEvent> published() {
    return published;
  }

  /** The topic of each published event, in order. */
  List<String> topics() {
    return topics;
  }

  /** The published events of {@code type}, in order. */
  <T> List<T> events(Class<T> type) {
    return published.stream().filter(type::isInstance).map(type::cast).toList();
  }

  RetentionPruner pruner(Map<String, RetentionPolicy> policies) {
    EventPublisher publisher =
        (topic, key, event) -> {
          topics.add(topic);
          published.add(event);
        };
    Envelopes envelopes = new Envelopes("prune", Clock.fixed(NOW, ZoneOffset.UTC));
    return new RetentionPruner(
        targets,
        policies,
        publisher,
        envelopes,
        new AuditTrail(publisher, envelopes),
        new ProcessedEvents(100));
  }

  /** Alice asks to prune {@code caddy-prod}, with the named policy or (null) the default. */
  static PruneRequested request(boolean dryRun, String policyName) {
    return new PruneRequested(
        new EventEnvelope(
            UUID.randomUUID().toString(),
            1,
            "PruneRequested",
            "control-plane",
            null,
            null,
            NOW,
            GATEWAY),
        UUID.randomUUID().toString(),
        GATEWAY,
        "alice",
        NOW,
        dryRun,
        policyName);
  }

  /**
   * Stores an artifact of {@code caddy-prod} on every target: its (stand-in) sealed bytes, wrapped
   * key, when {@code verified} a SUCCESS verification record a minute after {@code createdAt}, and
   * its manifest last.
   */
  ManifestDocument storeOnEveryTarget(
      String artifactId,
      String name,
      ArtifactKind kind,
      long watermark,
      Map<String, String> tags,
      Instant createdAt,
      boolean verified) {
    byte[] sealed = ("sealed " + artifactId).getBytes(StandardCharsets.UTF_8);
    ManifestDocument manifest =
        new ManifestDocument(
            1,
            artifactId,
            GATEWAY,
            "prod",
            name,
            kind,
            1,
            "AES-256-GCM-STREAM",
            new KeyReference(
                "local", "kek", 1, RepositoryLayout.wrappedKey("prod", GATEWAY, artifactId, 1)),
            10,
            sealed.length,
            Sha256.hex(sealed),
            watermark,
            "daily",
            tags,
            null,
            createdAt);
    for (BackupStore target : targets) {
      target.put(manifest.artifactKey(), sealed);
      target.put(manifest.wrappedKeyKey(), new byte[] {1, 2, 3});
      if (verified) {
        VerificationDocument record =
            new VerificationDocument(
                1,
                artifactId,
                GATEWAY,
                "prod",
                VerificationStatus.SUCCESS,
                List.of(
                    new VerificationCheck("checksum", target.describe().targetId(), true, "ok")),
                createdAt.plusSeconds(60));
        target.put(record.key(), record.toJson());
      }
      target.put(manifest.manifestKey(), manifest.toJson());
    }
    return manifest;
  }
}

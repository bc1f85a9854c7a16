package io.gatevault.allinone.gdpr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.event.KeyReference;
import io.gatevault.core.event.StorageMedium;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.ManifestDocument;
import io.gatevault.core.storage.TargetDescription;
import io.gatevault.crypto.erasure.ErasureReport;
import io.gatevault.crypto.erasure.ErasureReport.ArtifactErasure;
import io.gatevault.crypto.erasure.ErasureReport.Outcome;
import io.gatevault.crypto.erasure.ErasureReport.RescanOutcome;
import io.gatevault.crypto.erasure.ErasureReport.RescanResult;
import io.gatevault.storage.FilesystemBackupStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the erasure report tells the control plane's catalog of each replacement. */
class ErasureAuditReportTest {

  private static final String NEW_ID = "0198c4a2-7b1e-8f00-9a3b-5d2e1c0f4a22";
  private static final String OLD_ID = "0198c4a2-7b1e-8f00-9a3b-5d2e1c0f4a11";

  @TempDir Path dir;

  @Test
  void aReplacementCarriesItsStoredManifestAndPerTargetWhetherTheRescanReadItBack() {
    BackupStore local = store("local", false);
    BackupStore offsite = store("offsite", true);
    ManifestDocument manifest = manifest();
    local.put(manifest.manifestKey(), manifest.toJson());
    offsite.put(manifest.manifestKey(), manifest.toJson());
    ErasureReport report =
        report(
            erased(Outcome.ERASED, List.of("local", "offsite")),
            List.of(
                new RescanResult(
                    "local",
                    NEW_ID,
                    manifest.name(),
                    manifest.sha256(),
                    RescanOutcome.CLEAN,
                    "subject not found")));

    Map<String, Object> replacement =
        ErasureAuditReport.replacement(report.artifacts().get(0), report, List.of(local, offsite));

    assertThat(replacement)
        .containsEntry("artifactId", NEW_ID)
        .containsEntry("name", manifest.name())
        .containsEntry("kind", "SNAPSHOT")
        .containsEntry("size", manifest.ciphertextSize())
        .containsEntry("sha256", manifest.sha256())
        .containsEntry("created", manifest.createdAt().toString())
        .containsEntry("description", "release 1");
    assertThat(replacement.get("tags").toString()).contains("Supersedes=" + OLD_ID);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> copies = (List<Map<String, Object>>) replacement.get("copies");
    assertThat(copies)
        .extracting(c -> c.get("targetId"), c -> c.get("verified"), c -> c.get("offSite"))
        .containsExactly(tuple("local", true, false), tuple("offsite", false, true));
    assertThat(copies.get(0).get("location").toString()).endsWith(manifest.artifactKey());
    assertThat(copies.get(1).get("detail").toString()).contains("no copy found");
  }

  @Test
  void noReplacementIsReportedForABackupLeftForReviewOrWhenNoTargetHoldsItsManifest() {
    BackupStore local = store("local", false);
    ErasureReport review = report(erased(Outcome.NEEDS_REVIEW, List.of("local")), List.of());
    ErasureReport missing = report(erased(Outcome.ERASED, List.of("local")), List.of());

    assertThat(ErasureAuditReport.replacement(review.artifacts().get(0), review, List.of(local)))
        .isNull();
    assertThat(ErasureAuditReport.replacement(missing.artifacts().get(0), missing, List.of(local)))
        .isNull();
  }

  private BackupStore store(String id, boolean offSite) {
    return new FilesystemBackupStore(
        new TargetDescription(id, StorageMedium.FILESYSTEM, "eu-central-1", offSite, false),
        dir.resolve(id));
  }

  private static ArtifactErasure erased(Outcome outcome, List<String> targets) {
    return new ArtifactErasure(
        "caddy-prod",
        "prod",
        OLD_ID,
        "caddy-prod-20250818-1430-full.json",
        "a".repeat(64),
        outcome == Outcome.NEEDS_REVIEW ? null : NEW_ID,
        outcome == Outcome.NEEDS_REVIEW
            ? null
            : "caddy-prod-20250818-1430-full-erased-0a1b2c3d.json",
        outcome == Outcome.NEEDS_REVIEW ? null : "b".repeat(64),
        List.of("handler/admin#/accounts/1"),
        List.of(),
        targets,
        outcome,
        List.of());
  }

  private static ErasureReport report(ArtifactErasure erased, List<RescanResult> rescan) {
    return new ErasureReport(
        "gdpr-" + "0".repeat(32),
        "c".repeat(64),
        false,
        Instant.parse("2025-08-19T10:00:00Z"),
        "dpo",
        "Art. 17",
        List.of(erased),
        List.of(),
        List.of(),
        List.of(),
        rescan);
  }

  private static ManifestDocument manifest() {
    return new ManifestDocument(
        1,
        NEW_ID,
        "caddy-prod",
        "prod",
        "caddy-prod-20250818-1430-full-erased-0a1b2c3d.json",
        ArtifactKind.SNAPSHOT,
        1,
        "AES-256-GCM-STREAM",
        new KeyReference(
            "local", "gatevault-kek", 1, "v1/prod/caddy-prod/keys/" + NEW_ID + ".1.key"),
        18_432,
        18_688,
        "b".repeat(64),
        42,
        "daily",
        Map.of("BackupType", "FULL", "Supersedes", OLD_ID, "Erasure", "gdpr-" + "0".repeat(32)),
        "release 1",
        Instant.parse("2025-08-18T14:30:05Z"));
  }
}

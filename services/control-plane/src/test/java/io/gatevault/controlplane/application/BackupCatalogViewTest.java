package io.gatevault.controlplane.application;

import static io.gatevault.controlplane.application.CatalogEvents.AT;
import static io.gatevault.controlplane.application.CatalogEvents.deletion;
import static io.gatevault.controlplane.application.CatalogEvents.manifest;
import static io.gatevault.controlplane.application.CatalogEvents.replica;
import static io.gatevault.controlplane.application.CatalogEvents.verification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.gatevault.core.event.VerificationStatus;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackupCatalogViewTest {

  private static final String NAME = "caddy-prod-20250818-1430-full.json.gvx";

  private final BackupCatalogView catalog = new BackupCatalogView(1000);

  @Test
  void aManifestBecomesAPendingEntryWithItsNameVersionTypeTagsAndDescription() {
    catalog.onManifest(manifest("art-1", "caddy-prod", NAME, 3, AT));

    BackupCatalogEntry entry = catalog.find("art-1").orElseThrow();
    assertThat(entry.name()).isEqualTo(NAME);
    assertThat(entry.version()).isEqualTo(3);
    assertThat(entry.versionLabel()).isEqualTo("v3");
    assertThat(entry.type()).isEqualTo("FULL");
    assertThat(entry.size()).isEqualTo(1100);
    assertThat(entry.retentionClass()).isEqualTo("daily");
    assertThat(entry.tags()).containsEntry("Owner", "platform");
    assertThat(entry.description()).isEqualTo("before release 4.2");
    assertThat(entry.status()).isEqualTo("PENDING");
    assertThat(entry.replicas()).isEmpty();
    assertThat(entry.deletion().state()).isEqualTo("NONE");
  }

  @Test
  void factsArrivingBeforeTheManifestAreKeptAndTheArtifactIsListedOnceTheManifestComes() {
    catalog.onReplica(replica("art-1", "disk-a", false));
    catalog.onVerification(verification("art-1", VerificationStatus.SUCCESS, AT.plusSeconds(9)));

    assertThat(catalog.newest(Optional.empty(), 10)).isEmpty();
    assertThat(catalog.find("art-1")).isEmpty();

    catalog.onManifest(manifest("art-1", "caddy-prod", NAME, 1, AT));
    BackupCatalogEntry entry = catalog.find("art-1").orElseThrow();
    assertThat(entry.status()).isEqualTo("SUCCESS");
    assertThat(entry.replicas())
        .extracting(BackupCatalogEntry.Replica::targetId)
        .containsExactly("disk-a");
  }

  @Test
  void replicasAreListedPerTargetWithTheirChecksumAndARedeliveryChangesNothing() {
    catalog.onManifest(manifest("art-1", "caddy-prod", NAME, 1, AT));
    catalog.onReplica(replica("art-1", "disk-b", false));
    catalog.onReplica(replica("art-1", "tape-offsite", true));
    catalog.onReplica(replica("art-1", "disk-b", false));

    BackupCatalogEntry entry = catalog.find("art-1").orElseThrow();
    assertThat(entry.replicas())
        .extracting(
            BackupCatalogEntry.Replica::targetId,
            BackupCatalogEntry.Replica::offSite,
            BackupCatalogEntry.Replica::sha256)
        .containsExactly(
            tuple("disk-b", false, CatalogEvents.SHA),
            tuple("tape-offsite", true, CatalogEvents.SHA));
  }

  @Test
  void theStatusIsTheNewestVerificationAndAFinalStatusWinsOverStartedAtTheSameInstant() {
    catalog.onManifest(manifest("art-1", "caddy-prod", NAME, 1, AT));
    catalog.onVerification(verification("art-1", VerificationStatus.STARTED, AT.plusSeconds(10)));
    assertThat(catalog.find("art-1").orElseThrow().status()).isEqualTo("STARTED");

    catalog.onVerification(verification("art-1", VerificationStatus.PARTIAL, AT.plusSeconds(20)));
    catalog.onVerification(verification("art-1", VerificationStatus.SUCCESS, AT.plusSeconds(15)));
    assertThat(catalog.find("art-1").orElseThrow().status()).isEqualTo("PARTIAL");

    catalog.onVerification(verification("art-1", VerificationStatus.FAILED, AT.plusSeconds(30)));
    catalog.onVerification(verification("art-1", VerificationStatus.STARTED, AT.plusSeconds(30)));
    BackupCatalogEntry entry = catalog.find("art-1").orElseThrow();
    assertThat(entry.status()).isEqualTo("FAILED");
    assertThat(entry.checks()).hasSize(1);
    assertThat(entry.verifiedAt()).isEqualTo(AT.plusSeconds(30));
  }

  @Test
  void deletionsMarkTheirCopyAndTheArtifactIsDeletedWhenEveryCopyIs() {
    catalog.onManifest(manifest("art-1", "caddy-prod", NAME, 1, AT));
    catalog.onReplica(replica("art-1", "disk-a", false));
    catalog.onReplica(replica("art-1", "tape", true));
    catalog.onDeletion(deletion("art-1", "disk-a", true));
    assertThat(catalog.find("art-1").orElseThrow().deletion().state())
        .as("a dry run deletes nothing")
        .isEqualTo("NONE");

    catalog.onDeletion(deletion("art-1", "disk-a", false));
    BackupCatalogEntry partly = catalog.find("art-1").orElseThrow();
    assertThat(partly.deletion().state()).isEqualTo("PARTIAL");
    assertThat(partly.deletion().copies())
        .singleElement()
        .satisfies(
            copy -> {
              assertThat(copy.reason()).contains("retention");
              assertThat(copy.requestedBy()).isEqualTo("prune");
            });
    assertThat(partly.replicas())
        .filteredOn(replica -> replica.targetId().equals("disk-a"))
        .singleElement()
        .extracting(BackupCatalogEntry.Replica::deletedAt)
        .isNotNull();

    catalog.onDeletion(deletion("art-1", "tape", false));
    assertThat(catalog.find("art-1").orElseThrow().deletion().state()).isEqualTo("DELETED");
  }

  @Test
  void backupsAreListedNewestFirstPerGatewayUpToTheLimit() {
    catalog.onManifest(manifest("a1", "caddy-prod", "a1.json.gvx", 1, AT));
    catalog.onManifest(manifest("a3", "caddy-prod", "a3.json.gvx", 3, AT.plusSeconds(120)));
    catalog.onManifest(manifest("a2", "caddy-prod", "a2.json.gvx", 2, AT.plusSeconds(60)));
    catalog.onManifest(manifest("b1", "kong-test", "b1.json.gvx", 1, AT.plusSeconds(90)));

    assertThat(catalog.newest(Optional.of("caddy-prod"), 10))
        .extracting(BackupCatalogEntry::artifactId)
        .containsExactly("a3", "a2", "a1");
    assertThat(catalog.newest(Optional.empty(), 2))
        .extracting(BackupCatalogEntry::artifactId)
        .containsExactly("a3", "b1");
  }

  @Test
  void aBackupIsFoundByArtifactIdByItsNameOrBySnapshotNameWithoutGvx() {
    catalog.onManifest(manifest("art-1", "caddy-prod", NAME, 1, AT));

    assertThat(catalog.find(NAME)).map(BackupCatalogEntry::artifactId).hasValue("art-1");
    assertThat(catalog.find("caddy-prod-20250818-1430-full.json"))
        .map(BackupCatalogEntry::artifactId)
        .hasValue("art-1");
    assertThat(catalog.find("caddy-prod-20250818-1431-full.json")).isEmpty();
  }

  @Test
  void aManifestWithoutAVersionTagIsUnnumbered() {
    catalog.onManifest(
        manifest("art-1", "caddy-prod", NAME, AT, Map.of("BackupType", "INCREMENTAL")));

    BackupCatalogEntry entry = catalog.find("art-1").orElseThrow();
    assertThat(entry.version()).isZero();
    assertThat(entry.versionLabel()).isEqualTo("unnumbered");
    assertThat(entry.type()).isEqualTo("INCREMENTAL");
  }

  @Test
  void beyondItsCapacityTheCatalogForgetsTheArtifactSeenFirst() {
    BackupCatalogView small = new BackupCatalogView(2);
    small.onManifest(manifest("a1", "gw", "a1.json.gvx", 1, AT));
    small.onManifest(manifest("a2", "gw", "a2.json.gvx", 2, AT));
    small.onManifest(manifest("a3", "gw", "a3.json.gvx", 3, AT));

    assertThat(small.size()).isEqualTo(2);
    assertThat(small.find("a1")).isEmpty();
  }

  @Test
  void aCapacityBelowOneIsRefusedNamingTheSetting() {
    assertThatThrownBy(() -> new BackupCatalogView(0))
        .hasMessageContaining("gatevault.control-plane.catalog-capacity");
  }

  @Test
  void anErasuresReplacementIsListedVerifiedPerCopyAndTheBackupItReplacesIsMarkedSuperseded() {
    catalog.onManifest(manifest("art-1", "caddy-prod", NAME, 1, AT));
    catalog.onReplica(replica("art-1", "disk-a", false));
    catalog.onDeletion(deletion("art-1", "disk-a", false));
    ErasureReplacement replacement = replacement("art-2", "art-1", true, true);

    catalog.onReplacement(replacement);
    catalog.onReplacement(replacement);

    BackupCatalogEntry erased = catalog.find("art-1").orElseThrow();
    assertThat(erased.supersededBy()).isEqualTo("art-2");
    assertThat(erased.deletion().state()).isEqualTo("DELETED");
    BackupCatalogEntry entry =
        catalog.find("caddy-prod-20250818-1430-full-erased-0a1b2c3d.json.gvx").orElseThrow();
    assertThat(entry.artifactId()).isEqualTo("art-2");
    assertThat(entry.status()).isEqualTo("SUCCESS");
    assertThat(entry.checks())
        .extracting(c -> c.targetId(), c -> c.passed())
        .containsExactly(tuple("disk-a", true), tuple("tape", true));
    assertThat(entry.replicas()).extracting(r -> r.targetId()).containsExactly("disk-a", "tape");
    assertThat(entry.tags()).containsEntry("Supersedes", "art-1");
    assertThat(entry.version()).isEqualTo(1);
    assertThat(entry.supersededBy()).isNull();
    assertThat(entry.deletion().state()).isEqualTo("NONE");
    assertThat(catalog.newest(Optional.of("caddy-prod"), 10))
        .extracting(BackupCatalogEntry::artifactId)
        .containsExactly("art-2", "art-1");
    assertThat(catalog.size()).isEqualTo(2);
  }

  @Test
  void aReplacementACopyOfWhichWasNotReadBackIsPartialAndSurvivesTheAuditRecordRoundTrip() {
    ErasureReplacement replacement = replacement("art-2", "art-1", true, false);

    ErasureReplacement carried =
        ErasureReplacement.fromAudit(
                CatalogEvents.audit(
                    ErasureReplacement.ACTION,
                    "dpo",
                    io.gatevault.core.event.AuditOutcome.PARTIAL,
                    replacement.toDetail(),
                    AT))
            .orElseThrow();
    catalog.onReplacement(carried);

    assertThat(carried).isEqualTo(replacement);
    BackupCatalogEntry entry = catalog.find("art-2").orElseThrow();
    assertThat(entry.status()).isEqualTo("PARTIAL");
    assertThat(entry.checks())
        .extracting(c -> c.targetId(), c -> c.passed())
        .containsExactly(tuple("disk-a", true), tuple("tape", false));
  }

  private static ErasureReplacement replacement(
      String artifactId, String supersedes, boolean diskVerified, boolean tapeVerified) {
    return new ErasureReplacement(
        artifactId,
        "caddy-prod-20250818-1430-full-erased-0a1b2c3d.json.gvx",
        "caddy-prod",
        "prod",
        "SNAPSHOT",
        AT.plusSeconds(7200),
        900,
        800,
        CatalogEvents.SHA,
        "AES-256-GCM-STREAM",
        "daily",
        Map.of("Supersedes", supersedes, "Erasure", "gdpr-0123", "Version", "v1"),
        null,
        supersedes,
        "gdpr-0123",
        AT.plusSeconds(7260),
        java.util.List.of(
            new ErasureReplacement.Copy(
                "disk-a",
                io.gatevault.core.event.StorageMedium.FILESYSTEM,
                "eu-central-1",
                false,
                false,
                "/backups/a/x.gvx",
                diskVerified,
                "read back"),
            new ErasureReplacement.Copy(
                "tape",
                io.gatevault.core.event.StorageMedium.FILESYSTEM,
                "eu-west-1",
                true,
                true,
                "/backups/tape/x.gvx",
                tapeVerified,
                tapeVerified ? "read back" : "no copy found on this target after the erasure")));
  }
}

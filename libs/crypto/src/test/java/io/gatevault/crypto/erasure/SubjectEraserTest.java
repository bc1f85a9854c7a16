package io.gatevault.crypto.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatevault.core.config.CanonicalJson;
import io.gatevault.core.config.ConfigEntity;
import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.event.KeyReference;
import io.gatevault.core.event.StorageMedium;
import io.gatevault.core.storage.BackupCatalog;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.ManifestDocument;
import io.gatevault.core.storage.ObjectStat;
import io.gatevault.core.storage.RepositoryLayout;
import io.gatevault.core.storage.StorageUnavailableException;
import io.gatevault.core.storage.StoredBackup;
import io.gatevault.core.storage.TargetDescription;
import io.gatevault.crypto.EncryptionContext;
import io.gatevault.crypto.EnvelopeSealer;
import io.gatevault.crypto.EnvelopeUnsealer;
import io.gatevault.crypto.KeystoreGenerator;
import io.gatevault.crypto.KeystoreLoader;
import io.gatevault.crypto.KeystoreSettings;
import io.gatevault.crypto.RawAesKeyring;
import io.gatevault.crypto.SealedBytes;
import io.gatevault.crypto.erasure.ErasureReport.Outcome;
import io.gatevault.crypto.erasure.ErasureReport.RescanOutcome;
import io.gatevault.crypto.rotation.WrappedKeyObjects;
import io.gatevault.storage.FilesystemBackupStore;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Erasure over three real folders with a real keystore and real sealing: Caddy-shaped snapshot
 * documents with basic-auth accounts for alice and bob, and one backup without alice.
 */
class SubjectEraserTest {

  private static final String PASSPHRASE = "correct horse battery staple";
  private static final String ENV = "GATEVAULT_KEYSTORE_PASSWORD";
  private static final String GATEWAY = "caddy-shop";
  private static final String WITH_ALICE_1 = "0198c4a2-0000-0000-0000-000000000001";
  private static final String WITH_ALICE_2 = "0198c4a2-0000-0000-0000-000000000002";
  private static final String WITHOUT_ALICE = "0198c4a2-0000-0000-0000-000000000003";
  private static final String SEGMENT = "0198c4a2-0000-0000-0000-0000000000c1";

  @TempDir Path dir;

  private List<BackupStore> targets;
  private RawAesKeyring keyring;

  @BeforeEach
  void threeBackupsOnThreeTargets() {
    targets =
        List.of(
            target("local", StorageMedium.FILESYSTEM),
            target("removable", StorageMedium.REMOVABLE_MEDIA),
            target("offsite", StorageMedium.FILESYSTEM));
    Path keystore = dir.resolve("keys/kek.p12");
    new KeystoreGenerator().create(keystore, PASSPHRASE.toCharArray(), "kek");
    keyring =
        new KeystoreLoader(Map.of(ENV, PASSPHRASE)::get)
            .loadKeyring(new KeystoreSettings(keystore, ENV, null, "kek", 1));
    store(WITH_ALICE_1, "2026-11-26T10:00:00Z", caddy(List.of("alice", "bob"), "1"));
    store(WITH_ALICE_2, "2026-11-26T11:00:00Z", caddy(List.of("bob", "alice"), "2"));
    store(WITHOUT_ALICE, "2026-11-26T12:00:00Z", caddy(List.of("bob"), "3"));
  }

  @Test
  void erasingAliceRewritesEveryBackupHoldingHerAndNoCopyAnywhereStillHoldsHer() throws Exception {
    ErasureReport report = new SubjectEraser().erase(request("alice", false));

    assertThat(report.failures()).isEmpty();
    assertThat(report.complete()).isTrue();
    assertThat(report.artifacts())
        .extracting(ErasureReport.ArtifactErasure::oldArtifactId)
        .containsExactlyInAnyOrder(WITH_ALICE_1, WITH_ALICE_2);
    assertThat(report.artifacts())
        .allSatisfy(
            erased -> {
              assertThat(erased.outcome()).isEqualTo(Outcome.ERASED);
              assertThat(erased.newSha256()).isNotEqualTo(erased.oldSha256());
              assertThat(erased.targets())
                  .containsExactlyInAnyOrder("local", "removable", "offsite");
              assertThat(erased.removedPaths())
                  .contains(
                      "nativeConfig/apps/http/servers/shop/routes/0/handle/0/providers/http_basic/accounts/"
                          + (erased.oldArtifactId().equals(WITH_ALICE_1) ? "0" : "1"))
                  .noneMatch(path -> path.contains("alice"));
            });
    assertThat(report.checked())
        .extracting(ErasureReport.CheckedArtifact::artifactId)
        .containsExactly(WITHOUT_ALICE);
    // The re-scan read every copy of every backup on every target.
    assertThat(report.rescan()).hasSize(9).allMatch(r -> r.outcome() == RescanOutcome.CLEAN);

    for (BackupStore target : targets) {
      BackupCatalog catalog = BackupCatalog.read(List.of(target));
      assertThat(catalog.superseded()).isEmpty();
      assertThat(catalog.problems()).isEmpty();
      assertThat(catalog.backups()).hasSize(3);
      // The replacements were read back and carry a verification record.
      assertThat(catalog.backups())
          .filteredOn(b -> b.manifest().tags().containsKey(BackupCatalog.SUPERSEDES_TAG))
          .hasSize(2)
          .allMatch(StoredBackup::verified);
      for (StoredBackup backup : catalog.backups()) {
        String document = new String(unseal(target, backup.manifest()), StandardCharsets.UTF_8);
        assertThat(document).doesNotContain("alice").contains("bob");
        // Still a snapshot document whose hash restore's probe can match.
        ConfigSnapshot snapshot = ConfigSnapshot.fromDocument(document.getBytes());
        JsonNode withoutAdmin = snapshot.nativeConfigTree();
        ((com.fasterxml.jackson.databind.node.ObjectNode) withoutAdmin).remove("admin");
        assertThat(snapshot.configHash())
            .isEqualTo(io.gatevault.core.config.ContentHash.ofJson(withoutAdmin));
      }
      // The old artifacts are gone, key objects included; nothing on the target names alice.
      assertThat(target.list("v1/"))
          .noneMatch(key -> key.contains(WITH_ALICE_1) || key.contains(WITH_ALICE_2));
      for (String key : target.list("")) {
        assertThat(new String(target.get(key), StandardCharsets.ISO_8859_1))
            .doesNotContain("alice");
      }
      // The deletion records: one per erased artifact, on every target.
      List<String> records = target.list("erasures/" + report.erasureId() + "/deleted/");
      assertThat(records).hasSize(2);
      JsonNode record = new ObjectMapper().readTree(target.get(records.get(0)));
      assertThat(record.path("by").asText()).isEqualTo("dpo@example.com");
      assertThat(record.path("reason").asText()).isEqualTo("ticket GDPR-17");
      assertThat(record.path("subjectDigest").asText())
          .isEqualTo(ErasureJournal.subjectDigest("alice"));
      assertThat(record.path("what").path("removedPaths").size()).isGreaterThan(1);
      assertThat(record.path("what").path("deletedObjects").path(target.describe().targetId()))
          .isNotEmpty();
      assertThat(record.path("how").asText()).contains("crypto-shredding");
    }
  }

  @Test
  void theReplacementKeepsTheBackupsPlaceAndNamesWhatItReplaces() {
    ErasureReport report = new SubjectEraser().erase(request("alice", false));

    BackupCatalog catalog = BackupCatalog.read(targets);
    ErasureReport.ArtifactErasure first =
        report.artifacts().stream()
            .filter(a -> a.oldArtifactId().equals(WITH_ALICE_1))
            .findFirst()
            .orElseThrow();
    ManifestDocument replacement = catalog.find(first.newArtifactId()).orElseThrow().manifest();
    assertThat(replacement.createdAt()).isEqualTo(Instant.parse("2026-11-26T10:00:00Z"));
    assertThat(replacement.name()).isEqualTo(first.newName()).endsWith(".json");
    assertThat(replacement.tags())
        .containsEntry(BackupCatalog.SUPERSEDES_TAG, WITH_ALICE_1)
        .containsEntry(SubjectEraser.ERASURE_TAG, report.erasureId())
        .containsEntry("BackupType", "FULL");
    assertThat(catalog.find(WITH_ALICE_1)).isEmpty();
  }

  @Test
  void aBackupWhoseManifestDescriptionNamesTheSubjectIsReplacedToo() {
    String id = "0198c4a2-0000-0000-0000-000000000004";
    store(id, "2026-11-26T13:00:00Z", caddy(List.of("bob"), "4"), "before alice's account goes");

    ErasureReport report = new SubjectEraser().erase(request("alice", false));

    assertThat(report.complete()).isTrue();
    assertThat(report.artifacts())
        .filteredOn(a -> a.oldArtifactId().equals(id))
        .singleElement()
        .satisfies(a -> assertThat(a.removedPaths()).containsExactly("manifest/description"));
    for (BackupStore target : targets) {
      for (String key : target.list("")) {
        assertThat(new String(target.get(key), StandardCharsets.ISO_8859_1))
            .doesNotContain("alice");
      }
    }
  }

  @Test
  void aReasonNamingTheSubjectIsRefusedBeforeAnythingIsRead() {
    assertThatThrownBy(
            () ->
                new ErasureRequest(
                    targets,
                    keyring,
                    "alice",
                    "dpo@example.com",
                    "alice asked, ticket 17",
                    false,
                    ObjectRetention.NONE,
                    dir.resolve("work"),
                    null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--reason must not contain the subject");
  }

  @Test
  void aChangeSegmentIsReplacedInPlaceKeepingEveryChangeOfItsRange() throws Exception {
    ManifestDocument old = storeSegment(SEGMENT, 1, 2);

    ErasureReport report = new SubjectEraser().erase(request("alice", false));

    assertThat(report.complete()).as(report.toString()).isTrue();
    ErasureReport.ArtifactErasure erased =
        report.artifacts().stream()
            .filter(a -> a.oldArtifactId().equals(SEGMENT))
            .findFirst()
            .orElseThrow();
    assertThat(erased.outcome()).isEqualTo(Outcome.ERASED);
    assertThat(erased.newName()).isEqualTo("1-2");
    assertThat(erased.removedPaths())
        .containsExactly("changes/1/after/body/providers/http_basic/accounts/0");
    for (BackupStore target : targets) {
      ManifestDocument replacement =
          BackupCatalog.read(List.of(target)).find(erased.newArtifactId()).orElseThrow().manifest();
      assertThat(replacement.kind()).isEqualTo(ArtifactKind.CHANGE_SEGMENT);
      assertThat(replacement.artifactKey()).isEqualTo(old.artifactKey());
      String lines = new String(unseal(target, replacement), StandardCharsets.UTF_8);
      assertThat(lines).doesNotContain("alice").contains("bob").contains("release 2");
      assertThat(lines.split("\n")).hasSize(2);
      assertThat(target.list("erasures/" + report.erasureId() + "/staged/")).isEmpty();
      assertThat(WrappedKeyObjects.versions(target, "test", GATEWAY, SEGMENT)).isEmpty();
    }
    assertThat(report.rescan()).allMatch(r -> r.outcome() == RescanOutcome.CLEAN);
  }

  @Test
  void aChangeSegmentReplacementInterruptedAfterTheOldObjectWentIsFinishedFromTheStagedCopy() {
    storeSegment(SEGMENT, 1, 2);
    // offsite loses power after its old segment was replaced, before the manifest.
    List<BackupStore> flaky =
        List.of(
            targets.get(0),
            targets.get(1),
            new Interrupting(
                targets.get(2),
                (operation, key) ->
                    operation.equals("put")
                        && key.contains("/manifests/")
                        && !key.contains(WITH_ALICE_1)));

    ErasureReport interrupted = new SubjectEraser().erase(request(flaky, "alice"));

    assertThat(interrupted.complete()).isFalse();
    ErasureReport resumed = new SubjectEraser().erase(request("alice", false));

    assertThat(resumed.failures()).isEmpty();
    assertThat(resumed.complete()).as(resumed.toString()).isTrue();
    for (BackupStore target : targets) {
      BackupCatalog catalog = BackupCatalog.read(List.of(target));
      assertThat(catalog.superseded()).isEmpty();
      assertThat(catalog.backups()).hasSize(4);
      for (StoredBackup backup : catalog.backups()) {
        assertThat(new String(unseal(target, backup.manifest()), StandardCharsets.UTF_8))
            .doesNotContain("alice");
      }
    }
  }

  @Test
  void aSecondRunChangesNothing() {
    new SubjectEraser().erase(request("alice", false));
    Map<String, String> before = objects();

    ErasureReport again = new SubjectEraser().erase(request("alice", false));

    assertThat(objects()).isEqualTo(before);
    assertThat(again.artifacts()).isEmpty();
    assertThat(again.checked()).hasSize(3);
    assertThat(again.complete()).isTrue();
  }

  @Test
  void aDryRunListsWhatWouldChangeAndWritesNothing() {
    Map<String, String> before = objects();

    ErasureReport report = new SubjectEraser().erase(request("alice", true));

    assertThat(objects()).isEqualTo(before);
    assertThat(report.artifacts())
        .hasSize(2)
        .allMatch(a -> a.outcome() == Outcome.WOULD_ERASE && !a.removedPaths().isEmpty());
    assertThat(report.checked()).hasSize(1);
  }

  @Test
  void anErasureInterruptedWhileDeletingTheOldArtifactIsFinishedByTheNextRun() {
    // The offsite medium goes away after two deletions.
    AtomicInteger deletions = new AtomicInteger();
    List<BackupStore> flaky =
        List.of(
            targets.get(0),
            targets.get(1),
            new Interrupting(
                targets.get(2),
                (operation, key) -> operation.equals("delete") && deletions.incrementAndGet() > 2));

    ErasureReport interrupted = new SubjectEraser().erase(request(flaky, "alice"));

    assertThat(interrupted.complete()).isFalse();
    assertThat(interrupted.failures()).anyMatch(f -> f.startsWith("offsite: deleting"));
    // Meanwhile nobody sees the replaced backups: list, restore and prune read the catalog.
    assertThat(BackupCatalog.read(targets).backups()).hasSize(3);
    assertThat(BackupCatalog.read(targets).superseded()).isNotEmpty();
    assertThat(BackupCatalog.read(targets).backups())
        .noneMatch(b -> List.of(WITH_ALICE_1, WITH_ALICE_2).contains(b.artifactId()));

    ErasureReport resumed = new SubjectEraser().erase(request("alice", false));

    assertThat(resumed.failures()).isEmpty();
    assertThat(resumed.complete()).isTrue();
    assertThat(BackupCatalog.read(targets).superseded()).isEmpty();
    for (BackupStore target : targets) {
      assertThat(target.list("v1/"))
          .noneMatch(k -> k.contains(WITH_ALICE_1) || k.contains(WITH_ALICE_2));
      assertThat(target.list("erasures/" + resumed.erasureId() + "/deleted/")).hasSize(2);
    }
  }

  @Test
  void anErasureInterruptedWhileWritingTheReplacementReusesItsBytesInsteadOfSealingAgain() {
    // The offsite medium goes away before the first replacement's manifest reaches it.
    List<BackupStore> flaky =
        List.of(
            targets.get(0),
            targets.get(1),
            new Interrupting(
                targets.get(2),
                (operation, key) -> operation.equals("put") && key.contains("/manifests/")));

    ErasureReport interrupted = new SubjectEraser().erase(request(flaky, "alice"));

    assertThat(interrupted.complete()).isFalse();
    assertThat(interrupted.artifacts()).allMatch(a -> a.outcome() == Outcome.FAILED);
    // Nothing was deleted: every old artifact is still complete on every target.
    for (BackupStore target : targets) {
      assertThat(target.exists(RepositoryLayout.manifest("test", GATEWAY, WITH_ALICE_1))).isTrue();
    }
    Map<String, String> replacementShas = new TreeMap<>();
    for (StoredBackup b : BackupCatalog.read(List.of(targets.get(0))).backups()) {
      replacementShas.put(b.artifactId(), b.manifest().sha256());
    }

    ErasureReport resumed = new SubjectEraser().erase(request("alice", false));

    assertThat(resumed.complete()).isTrue();
    for (ErasureReport.ArtifactErasure erased : resumed.artifacts()) {
      assertThat(erased.newSha256()).isEqualTo(replacementShas.get(erased.newArtifactId()));
    }
    for (BackupStore target : targets) {
      assertThat(BackupCatalog.read(List.of(target)).backups())
          .hasSize(3)
          .allMatch(b -> b.replicaOn(target.describe().targetId()).orElseThrow().complete());
    }
  }

  @Test
  void objectsUnderObjectLockAreReportedBlockedWithTheirDateAndTheOldManifestIsKept() {
    Instant until = Instant.parse("2099-01-01T00:00:00Z");
    ObjectRetention lockedOffsite =
        (target, key, manifest) ->
            target.describe().targetId().equals("offsite") && key.contains("/snapshots/")
                ? Optional.of(until)
                : Optional.empty();

    ErasureReport report =
        new SubjectEraser()
            .erase(
                new ErasureRequest(
                    targets,
                    keyring,
                    "alice",
                    "dpo@example.com",
                    "ticket GDPR-17",
                    false,
                    lockedOffsite,
                    dir.resolve("work"),
                    null));

    assertThat(report.complete()).isFalse();
    assertThat(report.artifacts()).allMatch(a -> a.outcome() == Outcome.BLOCKED);
    assertThat(report.blocked())
        .hasSize(2)
        .allMatch(b -> b.targetId().equals("offsite") && until.equals(b.retainedUntil()));
    BackupStore offsite = targets.get(2);
    assertThat(offsite.exists(RepositoryLayout.manifest("test", GATEWAY, WITH_ALICE_1))).isTrue();
    // Its key objects are gone: the locked ciphertext can no longer be opened.
    assertThat(WrappedKeyObjects.versions(offsite, "test", GATEWAY, WITH_ALICE_1)).isEmpty();
    assertThat(report.rescan())
        .filteredOn(r -> r.artifactId().equals(WITH_ALICE_1))
        .singleElement()
        .satisfies(r -> assertThat(r.outcome()).isEqualTo(RescanOutcome.UNREADABLE));
    assertThat(offsite.list("erasures/" + report.erasureId() + "/blocked/")).hasSize(2);
  }

  private ErasureRequest request(String subject, boolean dryRun) {
    return new ErasureRequest(
        targets,
        keyring,
        subject,
        "dpo@example.com",
        "ticket GDPR-17",
        dryRun,
        ObjectRetention.NONE,
        dir.resolve("work"),
        null);
  }

  private ErasureRequest request(List<BackupStore> stores, String subject) {
    return new ErasureRequest(
        stores,
        keyring,
        subject,
        "dpo@example.com",
        "ticket GDPR-17",
        false,
        ObjectRetention.NONE,
        dir.resolve("work"),
        null);
  }

  /** Every object on every target with its SHA-256. */
  private Map<String, String> objects() {
    Map<String, String> shas = new TreeMap<>();
    for (BackupStore target : targets) {
      for (String key : target.list("")) {
        shas.put(target.describe().targetId() + ":" + key, target.stat(key).orElseThrow().sha256());
      }
    }
    try (Stream<Path> work = Files.walk(dir.resolve("work"))) {
      assertThat(work.filter(Files::isRegularFile)).as("no plaintext left behind").isEmpty();
    } catch (java.io.IOException noWorkFolderYet) {
      // nothing unsealed yet
    }
    return shas;
  }

  private byte[] unseal(BackupStore target, ManifestDocument manifest) {
    return new EnvelopeUnsealer(keyring)
        .unsealToBytes(
            target.get(manifest.artifactKey()),
            WrappedKeyObjects.newestFirst(target, manifest),
            new EncryptionContext(
                manifest.gatewayId(), manifest.environment(), manifest.artifactId()));
  }

  /** A change-log segment as continuous capture writes it: JSON lines with entity images. */
  private ManifestDocument storeSegment(String artifactId, long first, long last) {
    String accounts =
        "{\"body\":{\"handler\":\"authentication\",\"providers\":{\"http_basic\":{\"accounts\":"
            + "[{\"password\":\"h1\",\"username\":\"alice\"},{\"password\":\"h2\",\"username\":\"bob\"}]}}},"
            + "\"foreignKeys\":{\"route\":\"route/admin\"},\"id\":\"admin/handle/0\","
            + "\"naturalKey\":\"authentication\",\"tags\":[],\"type\":\"handler\"}";
    String hello1 =
        "{\"body\":{\"body\":\"release 1\"},\"foreignKeys\":{},\"id\":\"hello/handle/0\","
            + "\"naturalKey\":null,\"tags\":[],\"type\":\"handler\"}";
    String hello2 = hello1.replace("release 1", "release 2");
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    StringBuilder lines = new StringBuilder();
    try {
      Map<String, Object> one = new TreeMap<>();
      one.put("sequence", first);
      one.put("op", "SNAPSHOT_READ");
      one.put("entityId", "admin/handle/0");
      one.put("before", null);
      one.put("after", accounts);
      Map<String, Object> two = new TreeMap<>();
      two.put("sequence", last);
      two.put("op", "UPDATE");
      two.put("entityId", "hello/handle/0");
      two.put("before", hello1);
      two.put("after", hello2);
      lines.append(json.writeValueAsString(one)).append('\n');
      lines.append(json.writeValueAsString(two)).append('\n');
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    byte[] document = lines.toString().getBytes(StandardCharsets.UTF_8);
    SealedBytes sealed =
        new EnvelopeSealer(keyring)
            .seal(document, new EncryptionContext(GATEWAY, "test", artifactId));
    ManifestDocument manifest =
        new ManifestDocument(
            1,
            artifactId,
            GATEWAY,
            "test",
            first + "-" + last,
            ArtifactKind.CHANGE_SEGMENT,
            1,
            EnvelopeSealer.CIPHER,
            new KeyReference(
                "local-keystore",
                "kek",
                1,
                RepositoryLayout.wrappedKey("test", GATEWAY, artifactId, 1)),
            sealed.envelope().plaintextSize(),
            sealed.envelope().ciphertextSize(),
            sealed.envelope().ciphertextSha256(),
            last,
            "daily",
            Map.of("BackupType", "CHANGES"),
            null,
            Instant.parse("2026-11-26T10:30:00Z"));
    for (BackupStore target : targets) {
      target.put(manifest.artifactKey(), sealed.ciphertext());
      target.put(manifest.wrappedKeyKey(), sealed.envelope().wrappedDataKey().bytes());
      target.put(manifest.manifestKey(), manifest.toJson());
    }
    return manifest;
  }

  private void store(String artifactId, String createdAt, byte[] document) {
    store(artifactId, createdAt, document, "release");
  }

  private void store(String artifactId, String createdAt, byte[] document, String description) {
    SealedBytes sealed =
        new EnvelopeSealer(keyring)
            .seal(document, new EncryptionContext(GATEWAY, "test", artifactId));
    ManifestDocument manifest =
        new ManifestDocument(
            1,
            artifactId,
            GATEWAY,
            "test",
            GATEWAY + "-" + createdAt.substring(0, 13).replaceAll("[^0-9]", "") + "-full.json",
            ArtifactKind.SNAPSHOT,
            1,
            EnvelopeSealer.CIPHER,
            new KeyReference(
                "local-keystore",
                "kek",
                1,
                RepositoryLayout.wrappedKey("test", GATEWAY, artifactId, 1)),
            sealed.envelope().plaintextSize(),
            sealed.envelope().ciphertextSize(),
            sealed.envelope().ciphertextSha256(),
            0,
            "daily",
            Map.of("BackupType", "FULL", "Environment", "test"),
            description,
            Instant.parse(createdAt));
    for (BackupStore target : targets) {
      target.put(manifest.artifactKey(), sealed.ciphertext());
      target.put(manifest.wrappedKeyKey(), sealed.envelope().wrappedDataKey().bytes());
      target.put(manifest.manifestKey(), manifest.toJson());
    }
  }

  /** A Caddy configuration with basic-auth accounts, as the Caddy adapter's snapshot holds it. */
  static byte[] caddy(List<String> users, String release) {
    StringBuilder accounts = new StringBuilder();
    for (String user : users) {
      accounts
          .append(accounts.isEmpty() ? "" : ",")
          .append("{\"username\":\"")
          .append(user)
          .append("\",\"password\":\"$2b$04$hash-of-")
          .append(user.length())
          .append("\"}");
    }
    String handler =
        "{\"handler\":\"authentication\",\"providers\":{\"http_basic\":{\"accounts\":["
            + accounts
            + "]}}}";
    String nativeConfig =
        "{\"admin\":{\"listen\":\"127.0.0.1:2019\"},\"apps\":{\"http\":{\"servers\":{\"shop\":{"
            + "\"routes\":[{\"@id\":\"admin\",\"match\":[{\"path\":[\"/admin/*\"]}],\"handle\":["
            + handler
            + "]},{\"@id\":\"hello\",\"handle\":[{\"handler\":\"static_response\",\"body\":\"release "
            + release
            + "\"}]}]}}}}}";
    JsonNode tree = CanonicalJson.parse(nativeConfig);
    JsonNode withoutAdmin = tree.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) withoutAdmin).remove("admin");
    return new ConfigSnapshot(
            GATEWAY,
            "caddy",
            List.of(
                ConfigEntity.of(
                    "handler",
                    "admin/handle/0",
                    "authentication",
                    List.of("handler:authentication"),
                    Map.of("route", "route/admin"),
                    CanonicalJson.parse(handler)),
                ConfigEntity.of(
                    "route",
                    "admin",
                    "path=/admin/*",
                    List.of(),
                    Map.of(),
                    CanonicalJson.newObject())),
            CanonicalJson.toCanonicalString(tree),
            io.gatevault.core.config.ContentHash.ofJson(withoutAdmin))
        .toDocument();
  }

  private BackupStore target(String id, StorageMedium medium) {
    return new FilesystemBackupStore(
        new TargetDescription(id, medium, "eu-west-1", false, false), dir.resolve(id));
  }

  /** A real target that fails (unavailable) on the operations {@code failing} picks. */
  private static final class Interrupting implements BackupStore {
    private final BackupStore delegate;
    private final BiPredicate<String, String> failing;

    Interrupting(BackupStore delegate, BiPredicate<String, String> failing) {
      this.delegate = delegate;
      this.failing = failing;
    }

    private void maybeFail(String operation, String key) {
      if (failing.test(operation, key)) {
        throw new StorageUnavailableException(
            describe().targetId(), key, "the medium was unplugged", null);
      }
    }

    @Override
    public TargetDescription describe() {
      return delegate.describe();
    }

    @Override
    public ObjectStat put(String key, InputStream source, String expectedSha256) {
      maybeFail("put", key);
      return delegate.put(key, source, expectedSha256);
    }

    @Override
    public InputStream open(String key) {
      return delegate.open(key);
    }

    @Override
    public boolean exists(String key) {
      return delegate.exists(key);
    }

    @Override
    public Optional<ObjectStat> stat(String key) {
      return delegate.stat(key);
    }

    @Override
    public List<String> list(String prefix) {
      return delegate.list(prefix);
    }

    @Override
    public boolean delete(String key) {
      maybeFail("delete", key);
      return delegate.delete(key);
    }

    @Override
    public String location(String key) {
      return delegate.location(key);
    }
  }
}

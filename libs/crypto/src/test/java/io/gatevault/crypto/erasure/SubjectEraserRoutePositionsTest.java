package io.gatevault.crypto.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatevault.core.changes.EntityImage;
import io.gatevault.core.config.CanonicalJson;
import io.gatevault.core.config.ConfigEntity;
import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.event.KeyReference;
import io.gatevault.core.event.StorageMedium;
import io.gatevault.core.pitr.Checkpoint;
import io.gatevault.core.pitr.ConfigState;
import io.gatevault.core.storage.BackupCatalog;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.ManifestDocument;
import io.gatevault.core.storage.RepositoryLayout;
import io.gatevault.core.storage.TargetDescription;
import io.gatevault.crypto.EncryptionContext;
import io.gatevault.crypto.EnvelopeSealer;
import io.gatevault.crypto.EnvelopeUnsealer;
import io.gatevault.crypto.KeystoreGenerator;
import io.gatevault.crypto.KeystoreLoader;
import io.gatevault.crypto.KeystoreSettings;
import io.gatevault.crypto.RawAesKeyring;
import io.gatevault.crypto.SealedBytes;
import io.gatevault.crypto.erasure.ErasureReport.ArtifactErasure;
import io.gatevault.crypto.erasure.ErasureReport.Outcome;
import io.gatevault.crypto.erasure.ErasureReport.RescanOutcome;
import io.gatevault.crypto.rotation.WrappedKeyObjects;
import io.gatevault.gateways.caddy.CaddyConfigComposer;
import io.gatevault.gateways.caddy.CaddyConfigMapper;
import io.gatevault.storage.FilesystemBackupStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Erasure of a Caddy route whose {@code @id} is the subject's e-mail over two real folders with a
 * real keystore: the snapshot, the checkpoint (replaced in place: its key is its watermark) and a
 * change segment whose image of the next route names the erased one in its position tag. Afterwards
 * no copy names the subject, and the checkpoint and replayed segment compose in the gateway's
 * order.
 */
class SubjectEraserRoutePositionsTest {

  private static final String PASSPHRASE = "correct horse battery staple";
  private static final String ENV = "GATEVAULT_KEYSTORE_PASSWORD";
  private static final String GATEWAY = "caddy-shop";
  private static final String SUBJECT = "alice@example.com";
  private static final String SNAPSHOT = "0198c4a2-0000-0000-0000-0000000000a1";
  private static final String CHECKPOINT = "0198c4a2-0000-0000-0000-0000000000b1";
  private static final String SEGMENT = "0198c4a2-0000-0000-0000-0000000000c1";

  private static final JsonNode LIVE =
      CanonicalJson.parse(
          """
          {"apps":{"http":{"servers":{"srv0":{"listen":[":8080"],"routes":[
            {"@id":"home","match":[{"path":["/"]}],
             "handle":[{"handler":"static_response","body":"home"}]},
            {"@id":"alice@example.com","match":[{"path":["/u/alice/*"]}],
             "handle":[{"handler":"static_response","body":"alice's page"}]},
            {"@id":"shop","match":[{"path":["/shop/*"]}],
             "handle":[{"handler":"static_response","body":"shop"}]},
            {"@id":"fallback","handle":[{"handler":"static_response","body":"fallback"}]}
          ]}}}}}
          """);

  @TempDir Path dir;

  private List<BackupStore> targets;
  private RawAesKeyring keyring;
  private ConfigSnapshot snapshot;

  @BeforeEach
  void aSnapshotACheckpointAndASegmentOnTwoTargets() throws Exception {
    targets = List.of(target("local"), target("offsite"));
    Path keystore = dir.resolve("keys/kek.p12");
    new KeystoreGenerator().create(keystore, PASSPHRASE.toCharArray(), "kek");
    keyring =
        new KeystoreLoader(Map.of(ENV, PASSPHRASE)::get)
            .loadKeyring(new KeystoreSettings(keystore, ENV, null, "kek", 1));
    snapshot = ConfigSnapshot.of(GATEWAY, "caddy", CaddyConfigMapper.entities(LIVE), LIVE);
    store(
        SNAPSHOT,
        GATEWAY + "-2026112610-full.json",
        ArtifactKind.SNAPSHOT,
        0,
        snapshot.toDocument());
    store(
        CHECKPOINT,
        "checkpoint-900",
        ArtifactKind.CHECKPOINT,
        900,
        Checkpoint.write(
            ConfigState.fromSnapshot(
                snapshot, "change-feed", 900, Instant.parse("2026-11-26T10:15:00Z"))));
    ConfigEntity shop = entity(snapshot.entities(), "route/shop");
    ConfigEntity shopMoved =
        ConfigEntity.of(
            shop.type(),
            shop.id(),
            shop.naturalKey(),
            shop.tags(),
            shop.foreignKeys(),
            CanonicalJson.parse("{\"@id\":\"shop\",\"match\":[{\"path\":[\"/store/*\"]}]}"));
    Map<String, Object> change = new TreeMap<>();
    change.put("sequence", 901);
    change.put("op", "UPDATE");
    change.put("entityType", "route");
    change.put("entityId", "shop");
    change.put("before", EntityImage.encode(shop));
    change.put("after", EntityImage.encode(shopMoved));
    store(
        SEGMENT,
        "901-901",
        ArtifactKind.CHANGE_SEGMENT,
        901,
        (new ObjectMapper().writeValueAsString(change) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void noCopyNamesTheErasedRouteAndTheCheckpointAndReplayedSegmentComposeInOrder() {
    ErasureReport report = new SubjectEraser().erase(request());

    assertThat(report.failures()).isEmpty();
    assertThat(report.complete()).as(report.toString()).isTrue();
    assertThat(report.artifacts())
        .extracting(ArtifactErasure::oldArtifactId, ArtifactErasure::outcome)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(SNAPSHOT, Outcome.ERASED),
            org.assertj.core.groups.Tuple.tuple(CHECKPOINT, Outcome.ERASED),
            org.assertj.core.groups.Tuple.tuple(SEGMENT, Outcome.ERASED));
    assertThat(erased(report, SEGMENT).removedPaths())
        .containsExactly(
            "changes/901/before/tags/after:(subject)", "changes/901/after/tags/after:(subject)");
    assertThat(report.rescan()).hasSize(6).allMatch(r -> r.outcome() == RescanOutcome.CLEAN);

    for (BackupStore target : targets) {
      BackupCatalog catalog = BackupCatalog.read(List.of(target));
      assertThat(catalog.superseded()).isEmpty();
      ManifestDocument newSnapshot = manifest(catalog, erased(report, SNAPSHOT));
      ManifestDocument newCheckpoint = manifest(catalog, erased(report, CHECKPOINT));
      ManifestDocument newSegment = manifest(catalog, erased(report, SEGMENT));
      // A checkpoint is stored under its watermark: the replacement took the old one's place.
      assertThat(newCheckpoint.kind()).isEqualTo(ArtifactKind.CHECKPOINT);
      assertThat(newCheckpoint.name()).isEqualTo("checkpoint-900");
      assertThat(newCheckpoint.artifactKey())
          .isEqualTo(RepositoryLayout.checkpoint("test", GATEWAY, 900));
      assertThat(WrappedKeyObjects.versions(target, "test", GATEWAY, CHECKPOINT)).isEmpty();
      assertThat(target.list("erasures/" + report.erasureId() + "/staged/")).isEmpty();

      byte[] snapshotDocument = unseal(target, newSnapshot);
      byte[] checkpointDocument = unseal(target, newCheckpoint);
      byte[] segmentDocument = unseal(target, newSegment);
      for (byte[] document : List.of(snapshotDocument, checkpointDocument, segmentDocument)) {
        assertThat(new String(document, StandardCharsets.UTF_8)).doesNotContain(SUBJECT);
      }
      ConfigSnapshot base = ConfigSnapshot.fromDocument(snapshotDocument);
      List<ConfigEntity> state = new ArrayList<>(Checkpoint.read(checkpointDocument).entities());
      assertThat(routeIds(CaddyConfigComposer.compose(base.nativeConfigTree(), state)))
          .containsExactly("home", "shop", "fallback");
      // Replaying the segment on the checkpoint: the moved shop route still right after home.
      ConfigEntity replayed =
          EntityImage.decode(
              CanonicalJson.parse(new String(segmentDocument, StandardCharsets.UTF_8))
                  .get("after")
                  .textValue());
      assertThat(replayed.tags()).containsExactlyInAnyOrder("server:srv0", "after:home");
      state.replaceAll(e -> e.key().equals(replayed.key()) ? replayed : e);
      JsonNode composed = CaddyConfigComposer.compose(base.nativeConfigTree(), state);
      assertThat(routeIds(composed)).containsExactly("home", "shop", "fallback");
      assertThat(composed.at("/apps/http/servers/srv0/routes/1/match/0/path/0").asText())
          .isEqualTo("/store/*");
    }
  }

  private static List<String> routeIds(JsonNode config) {
    List<String> ids = new ArrayList<>();
    config
        .at("/apps/http/servers/srv0/routes")
        .forEach(route -> ids.add(route.get("@id").asText()));
    return ids;
  }

  private static ArtifactErasure erased(ErasureReport report, String oldArtifactId) {
    return report.artifacts().stream()
        .filter(a -> a.oldArtifactId().equals(oldArtifactId))
        .findFirst()
        .orElseThrow();
  }

  private static ManifestDocument manifest(BackupCatalog catalog, ArtifactErasure erased) {
    return catalog.find(erased.newArtifactId()).orElseThrow().manifest();
  }

  private static ConfigEntity entity(List<ConfigEntity> entities, String key) {
    return entities.stream().filter(e -> e.key().equals(key)).findFirst().orElseThrow();
  }

  private ErasureRequest request() {
    return new ErasureRequest(
        targets,
        keyring,
        SUBJECT,
        "dpo@example.com",
        "ticket GDPR-21",
        false,
        ObjectRetention.NONE,
        dir.resolve("work"),
        null);
  }

  private byte[] unseal(BackupStore target, ManifestDocument manifest) {
    return new EnvelopeUnsealer(keyring)
        .unsealToBytes(
            target.get(manifest.artifactKey()),
            WrappedKeyObjects.newestFirst(target, manifest),
            new EncryptionContext(
                manifest.gatewayId(), manifest.environment(), manifest.artifactId()));
  }

  private void store(
      String artifactId, String name, ArtifactKind kind, long watermark, byte[] document) {
    SealedBytes sealed =
        new EnvelopeSealer(keyring)
            .seal(document, new EncryptionContext(GATEWAY, "test", artifactId));
    ManifestDocument manifest =
        new ManifestDocument(
            1,
            artifactId,
            GATEWAY,
            "test",
            name,
            kind,
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
            watermark,
            "daily",
            Map.of("BackupType", kind == ArtifactKind.SNAPSHOT ? "FULL" : kind.name()),
            null,
            Instant.parse("2026-11-26T10:00:00Z").plusSeconds(watermark));
    for (BackupStore target : targets) {
      target.put(manifest.artifactKey(), sealed.ciphertext());
      target.put(manifest.wrappedKeyKey(), sealed.envelope().wrappedDataKey().bytes());
      target.put(manifest.manifestKey(), manifest.toJson());
    }
  }

  private BackupStore target(String id) {
    return new FilesystemBackupStore(
        new TargetDescription(id, StorageMedium.FILESYSTEM, "eu-west-1", false, false),
        dir.resolve(id));
  }
}

package io.gatevault.crypto.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.event.KeyReference;
import io.gatevault.core.event.StorageMedium;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.ManifestDocument;
import io.gatevault.core.storage.ObjectStat;
import io.gatevault.core.storage.RepositoryLayout;
import io.gatevault.core.storage.StorageUnavailableException;
import io.gatevault.core.storage.TargetDescription;
import io.gatevault.crypto.EncryptionContext;
import io.gatevault.crypto.EnvelopeSealer;
import io.gatevault.crypto.EnvelopeUnsealer;
import io.gatevault.crypto.KeystoreGenerator;
import io.gatevault.crypto.KeystoreLoader;
import io.gatevault.crypto.KeystoreSettings;
import io.gatevault.crypto.KeystoreUnusableException;
import io.gatevault.crypto.MultiKeyring;
import io.gatevault.crypto.RawAesKeyring;
import io.gatevault.crypto.SealedBytes;
import io.gatevault.crypto.WrongKeyException;
import io.gatevault.storage.FilesystemBackupStore;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rotation over real folders (three filesystem targets) with real keystores and real sealing. */
class KeyRotatorTest {

  private static final String PASSPHRASE = "correct horse battery staple";
  private static final String ENV = "GATEVAULT_KEYSTORE_PASSWORD";
  private static final KeystoreLoader LOADER = new KeystoreLoader(Map.of(ENV, PASSPHRASE)::get);
  private static final int ARTIFACTS = 5;

  @TempDir Path dir;

  private List<BackupStore> targets;
  private KeystoreSettings oldKey;
  private RawAesKeyring oldKeyring;
  private RawAesKeyring newKeyring;
  private final Map<String, byte[]> plaintexts = new TreeMap<>();

  @BeforeEach
  void repositoryWithArtifactsSealedUnderTheOldKey() {
    targets =
        List.of(
            target("disk-a", StorageMedium.FILESYSTEM),
            target("disk-b", StorageMedium.FILESYSTEM),
            target("usb-c", StorageMedium.REMOVABLE_MEDIA));
    oldKey = keystore("kek", 1);
    oldKeyring = LOADER.loadKeyring(oldKey);
    newKeyring = LOADER.loadKeyring(keystore("kek", 2));
    EnvelopeSealer sealer = new EnvelopeSealer(oldKeyring);
    for (int i = 1; i <= ARTIFACTS; i++) {
      String gateway = i % 2 == 0 ? "kong-prod" : "caddy-prod";
      String artifactId = "0198c4a2-0000-0000-0000-00000000000" + i;
      byte[] document = ("{\"routes\":[\"/r" + i + "\"]}").getBytes(StandardCharsets.UTF_8);
      SealedBytes sealed =
          sealer.seal(document, new EncryptionContext(gateway, "prod", artifactId));
      ManifestDocument manifest = manifest(artifactId, gateway, sealed);
      for (BackupStore target : targets) {
        // As replicate writes: sealed artifact, wrapped key, manifest last.
        target.put(manifest.artifactKey(), sealed.ciphertext());
        target.put(manifest.wrappedKeyKey(), sealed.envelope().wrappedDataKey().bytes());
        target.put(manifest.manifestKey(), manifest.toJson());
      }
      plaintexts.put(artifactId, document);
    }
  }

  @Test
  void afterRotationTheOldKeyCanBeDisabledAndEveryArtifactStillOpensOnEveryTarget()
      throws Exception {
    List<String> steps = new ArrayList<>();
    RotationReport report =
        new KeyRotator()
            .rotate(
                new RotationRequest(
                    targets,
                    oldKeyring,
                    newKeyring,
                    new RotationProgress() {
                      @Override
                      public void rewrapped(String targetId, String artifactId, String keyObject) {
                        steps.add("rewrapped " + targetId);
                      }

                      @Override
                      public void retired(String targetId, String keyObject) {
                        steps.add("retired " + targetId);
                      }
                    }));

    assertThat(report.complete()).isTrue();
    assertThat(report.rotationId()).isEqualTo("local-keystore.kek.v2");
    assertThat(report.artifacts()).isEqualTo(ARTIFACTS);
    assertThat(report.rewrapped()).isEqualTo(ARTIFACTS);
    assertThat(report.keyObjectsWritten()).isEqualTo(ARTIFACTS * 3);
    assertThat(report.keyObjectsRetired()).isEqualTo(ARTIFACTS * 3);
    // Nothing was retired before every target had every new key object.
    assertThat(steps.lastIndexOf("rewrapped usb-c")).isLessThan(steps.indexOf("retired disk-a"));

    disable(oldKey);
    assertThatThrownBy(() -> LOADER.loadKeyring(oldKey))
        .isInstanceOf(KeystoreUnusableException.class);

    EnvelopeUnsealer unsealer = new EnvelopeUnsealer(newKeyring);
    for (BackupStore target : targets) {
      assertThat(keyObjects(target)).allMatch(key -> key.endsWith(".2.key")).hasSize(ARTIFACTS);
      for (ManifestDocument manifest : manifests(target)) {
        // The manifest is untouched: it still names generation 1.
        assertThat(manifest.keyReference().keyVersion()).isEqualTo(1);
        byte[] opened =
            unsealer.unsealToBytes(
                target.get(manifest.artifactKey()),
                WrappedKeyObjects.newestFirst(target, manifest),
                context(manifest));
        assertThat(opened).isEqualTo(plaintexts.get(manifest.artifactId()));
      }
      assertThat(target.exists("rotations/local-keystore.kek.v2/completed.json")).isTrue();
      assertThat(target.list("rotations/local-keystore.kek.v2/rewrapped/")).hasSize(ARTIFACTS);
      assertThat(target.list("rotations/local-keystore.kek.v2/retired/")).hasSize(ARTIFACTS);
    }
    String record =
        new String(
            targets
                .get(0)
                .get(
                    "rotations/local-keystore.kek.v2/retired/prod/caddy-prod/"
                        + "0198c4a2-0000-0000-0000-000000000001.json"),
            StandardCharsets.UTF_8);
    assertThat(record)
        .contains(
            "\"deleted\": [\"v1/prod/caddy-prod/keys/0198c4a2-0000-0000-0000-000000000001.1.key\"]");
  }

  @Test
  void anInterruptedRotationResumesWhereItStoppedAndRetiresNothingBeforeItIsDone() {
    // The third target goes away after it received two new key objects.
    List<BackupStore> flaky =
        List.of(targets.get(0), targets.get(1), new FailingAfter(targets.get(2), 2));

    assertThatThrownBy(
            () -> new KeyRotator().rotate(new RotationRequest(flaky, oldKeyring, newKeyring)))
        .isInstanceOf(StorageUnavailableException.class);

    for (BackupStore target : targets) {
      assertThat(keyObjects(target).stream().filter(key -> key.endsWith(".1.key")))
          .as("no old key object is retired by an interrupted rotation")
          .hasSize(ARTIFACTS);
    }
    assertThat(keyObjects(targets.get(2)).stream().filter(key -> key.endsWith(".2.key")))
        .hasSize(2);
    Map<String, String> writtenBefore = objects(targets.get(0));

    RotationReport resumed =
        new KeyRotator().rotate(new RotationRequest(targets, oldKeyring, newKeyring));

    assertThat(resumed.resumed()).isTrue();
    assertThat(resumed.alreadyRewrapped()).isEqualTo(2);
    assertThat(resumed.rewrapped()).isEqualTo(ARTIFACTS - 2);
    // The third artifact had reached disk-a and disk-b before usb-c failed: only usb-c gets it now.
    assertThat(resumed.keyObjectsWritten()).isEqualTo(1 + (ARTIFACTS - 3) * 3);
    assertThat(resumed.complete()).isTrue();
    // What the first run wrote is kept as it was, and every target has the same new key objects.
    Map<String, String> after = objects(targets.get(0));
    writtenBefore.forEach(
        (key, sha) -> {
          if (key.endsWith(".2.key")) {
            assertThat(after).containsEntry(key, sha);
          }
        });
    for (BackupStore target : targets) {
      assertThat(keyObjectShas(target)).isEqualTo(keyObjectShas(targets.get(0)));
    }
    EnvelopeUnsealer unsealer = new EnvelopeUnsealer(newKeyring);
    for (BackupStore target : targets) {
      for (ManifestDocument manifest : manifests(target)) {
        assertThat(
                unsealer.unsealToBytes(
                    target.get(manifest.artifactKey()),
                    WrappedKeyObjects.newestFirst(target, manifest),
                    context(manifest)))
            .isEqualTo(plaintexts.get(manifest.artifactId()));
      }
    }
  }

  @Test
  void aSecondRunChangesNothing() {
    new KeyRotator().rotate(new RotationRequest(targets, oldKeyring, newKeyring));
    List<Map<String, String>> before = targets.stream().map(KeyRotatorTest::objects).toList();

    RotationReport second =
        new KeyRotator().rotate(new RotationRequest(targets, oldKeyring, newKeyring));

    assertThat(second.nothingToDo()).isTrue();
    assertThat(second.alreadyRewrapped()).isEqualTo(ARTIFACTS);
    assertThat(targets.stream().map(KeyRotatorTest::objects).toList()).isEqualTo(before);
  }

  @Test
  void rotatingToPrimaryPlusRecoveryKeyLetsTheRecoveryKeyAloneOpenEveryArtifact() {
    RawAesKeyring recovery =
        LOADER.loadKeyring(
            settings(
                createKeystore(dir.resolve("offline"), "recovery-kek"),
                "recovery-kek",
                1,
                KeystoreSettings.RECOVERY_KEYRING_ID));

    new KeyRotator()
        .rotate(
            new RotationRequest(
                targets, oldKeyring, MultiKeyring.withRecoveryKey(newKeyring, recovery)));

    EnvelopeUnsealer recoveryOnly = new EnvelopeUnsealer(recovery);
    for (BackupStore target : targets) {
      for (ManifestDocument manifest : manifests(target)) {
        assertThat(
                recoveryOnly.unsealToBytes(
                    target.get(manifest.artifactKey()),
                    WrappedKeyObjects.newestFirst(target, manifest),
                    context(manifest)))
            .isEqualTo(plaintexts.get(manifest.artifactId()));
      }
    }
  }

  @Test
  void aCurrentKeyringThatOpensNoKeyObjectStopsTheRotationBeforeAnythingIsRetired() {
    RawAesKeyring unrelated = LOADER.loadKeyring(keystore("other", 1));

    assertThatThrownBy(
            () -> new KeyRotator().rotate(new RotationRequest(targets, unrelated, newKeyring)))
        .isInstanceOf(WrongKeyException.class)
        .hasMessageContaining("local-keystore/kek/v1");

    for (BackupStore target : targets) {
      assertThat(keyObjects(target)).allMatch(key -> key.endsWith(".1.key")).hasSize(ARTIFACTS);
    }
  }

  @Test
  void aDamagedNewKeyObjectKeepsTheOldOneOnThatTargetAndIsReported() {
    String artifactId = "0198c4a2-0000-0000-0000-000000000001";
    String damaged = RepositoryLayout.wrappedKey("prod", "caddy-prod", artifactId, 2);
    targets.get(1).put(damaged, "not a wrapped key".getBytes(StandardCharsets.UTF_8));

    RotationReport report =
        new KeyRotator().rotate(new RotationRequest(targets, oldKeyring, newKeyring));

    assertThat(report.complete()).isFalse();
    assertThat(report.notRetired())
        .singleElement()
        .asString()
        .startsWith("disk-b: " + artifactId)
        .contains("does not open with kek v2");
    String oldKey = RepositoryLayout.wrappedKey("prod", "caddy-prod", artifactId, 1);
    assertThat(targets.get(1).exists(oldKey)).isTrue();
    assertThat(targets.get(0).exists(oldKey)).isFalse();
    assertThat(targets.get(1).exists("rotations/local-keystore.kek.v2/completed.json")).isFalse();
    // Readers still open the artifact on disk-b: the damaged object is skipped, the old one opens.
    ManifestDocument manifest =
        ManifestDocument.fromJson(
            targets.get(1).get(RepositoryLayout.manifest("prod", "caddy-prod", artifactId)), "m");
    assertThat(
            new EnvelopeUnsealer(oldKeyring)
                .unsealToBytes(
                    targets.get(1).get(manifest.artifactKey()),
                    WrappedKeyObjects.newestFirst(targets.get(1), manifest),
                    context(manifest)))
        .isEqualTo(plaintexts.get(artifactId));
  }

  @Test
  void aNewKeyWithoutAHigherVersionIsRefusedBeforeAnythingIsWritten() {
    RawAesKeyring sameVersion = LOADER.loadKeyring(keystore("kek-b", 1));
    Map<String, String> before = objects(targets.get(0));

    assertThatThrownBy(
            () -> new KeyRotator().rotate(new RotationRequest(targets, oldKeyring, sameVersion)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must have a higher key version than the current key kek v1");
    assertThat(objects(targets.get(0))).isEqualTo(before);
  }

  private BackupStore target(String id, StorageMedium medium) {
    return new FilesystemBackupStore(
        new TargetDescription(id, medium, "eu-west-1", false, false), dir.resolve(id));
  }

  private KeystoreSettings keystore(String alias, int version) {
    Path path = createKeystore(dir.resolve("keys-" + version), alias);
    return settings(path, alias, version, KeystoreSettings.LOCAL_KEYRING_ID);
  }

  private static Path createKeystore(Path folder, String alias) {
    Path path = folder.resolve(alias + ".p12");
    new KeystoreGenerator().create(path, PASSPHRASE.toCharArray(), alias);
    return path;
  }

  private static KeystoreSettings settings(Path path, String alias, int version, String keyringId) {
    return new KeystoreSettings(path, ENV, null, alias, version, keyringId);
  }

  /** Removes the key from its keystore, as an operator disables the old key after rotating. */
  private static void disable(KeystoreSettings settings) throws Exception {
    KeyStore keystore = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(settings.keystorePath())) {
      keystore.load(in, PASSPHRASE.toCharArray());
    }
    keystore.deleteEntry(settings.keyAlias());
    try (OutputStream out = Files.newOutputStream(settings.keystorePath())) {
      keystore.store(out, PASSPHRASE.toCharArray());
    }
  }

  private static ManifestDocument manifest(
      String artifactId, String gatewayId, SealedBytes sealed) {
    return new ManifestDocument(
        1,
        artifactId,
        gatewayId,
        "prod",
        gatewayId + "-" + artifactId + "-full.json",
        ArtifactKind.SNAPSHOT,
        1,
        EnvelopeSealer.CIPHER,
        new KeyReference(
            "local-keystore",
            "kek",
            1,
            RepositoryLayout.wrappedKey("prod", gatewayId, artifactId, 1)),
        sealed.envelope().plaintextSize(),
        sealed.envelope().ciphertextSize(),
        sealed.envelope().ciphertextSha256(),
        0,
        "daily",
        Map.of("BackupType", "FULL"),
        null,
        Instant.parse("2026-11-26T10:00:00Z"));
  }

  private static List<ManifestDocument> manifests(BackupStore target) {
    return target.list(RepositoryLayout.versionPrefix()).stream()
        .filter(key -> key.contains("/manifests/"))
        .map(key -> ManifestDocument.fromJson(target.get(key), key))
        .toList();
  }

  private static EncryptionContext context(ManifestDocument manifest) {
    return new EncryptionContext(
        manifest.gatewayId(), manifest.environment(), manifest.artifactId());
  }

  private static List<String> keyObjects(BackupStore target) {
    return target.list(RepositoryLayout.versionPrefix()).stream()
        .filter(key -> key.contains("/keys/"))
        .toList();
  }

  private static Map<String, String> keyObjectShas(BackupStore target) {
    Map<String, String> shas = new TreeMap<>();
    for (String key : keyObjects(target)) {
      shas.put(key, target.stat(key).orElseThrow().sha256());
    }
    return shas;
  }

  /** Every object on the target with its SHA-256. */
  private static Map<String, String> objects(BackupStore target) {
    Map<String, String> shas = new TreeMap<>();
    for (String key : target.list("")) {
      shas.put(key, target.stat(key).orElseThrow().sha256());
    }
    return shas;
  }

  /** A real target that becomes unavailable after it accepted {@code allowed} new key objects. */
  private static final class FailingAfter implements BackupStore {
    private final BackupStore delegate;
    private final int allowed;
    private final AtomicInteger accepted = new AtomicInteger();

    FailingAfter(BackupStore delegate, int allowed) {
      this.delegate = delegate;
      this.allowed = allowed;
    }

    @Override
    public TargetDescription describe() {
      return delegate.describe();
    }

    @Override
    public ObjectStat put(String key, InputStream source, String expectedSha256) {
      if (key.endsWith(".2.key") && accepted.getAndIncrement() >= allowed) {
        throw new StorageUnavailableException(
            describe().targetId(), key, "the medium was unplugged", null);
      }
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
      return delegate.delete(key);
    }

    @Override
    public String location(String key) {
      return delegate.location(key);
    }
  }
}

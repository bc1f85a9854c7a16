package io.gatevault.verify.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.event.ArtifactManifest;
import io.gatevault.core.event.AuditRecord;
import io.gatevault.core.event.EventEnvelope;
import io.gatevault.core.event.GatevaultEvent;
import io.gatevault.core.event.KeyReference;
import io.gatevault.core.event.ReplicaWritten;
import io.gatevault.core.event.StorageMedium;
import io.gatevault.core.event.VerificationCheck;
import io.gatevault.core.event.VerificationResult;
import io.gatevault.core.event.VerificationStatus;
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
import io.gatevault.storage.FilesystemBackupStore;
import io.gatevault.stream.AuditTrail;
import io.gatevault.stream.Envelopes;
import io.gatevault.stream.EventPublisher;
import io.gatevault.stream.ProcessedEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verification against real filesystem targets, a real keystore and real sealing; the Kafka side is
 * covered by VerifyBindingIT.
 */
class ReplicaVerifierTest {

  private static final String GATEWAY = "caddy-1";
  private static final String ENVIRONMENT = "prod";
  private static final byte[] DOCUMENT =
      "{\"apps\":{\"http\":{\"servers\":{\"srv0\":{\"listen\":[\":8080\"]}}}}}"
          .getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  private final List<GatevaultEvent> published = new ArrayList<>();
  private final MutableClock clock = new MutableClock(Instant.parse("2025-08-18T14:30:00Z"));
  private List<FilesystemBackupStore> targets;
  private RawAesKeyring keyring;

  @BeforeEach
  void setUp() {
    targets =
        List.of(
            store("disk-a", StorageMedium.FILESYSTEM, false),
            store("disk-b", StorageMedium.FILESYSTEM, false),
            store("usb-offsite", StorageMedium.REMOVABLE_MEDIA, true));
    keyring = keyring("keys", "gatevault-kek");
  }

  @Test
  void anArtifactWhoseCopiesAllCheckOutIsSuccessAndTheRecordIsStoredOnEveryTarget() {
    ManifestDocument manifest = storeArtifact(new EnvelopeSealer(keyring));

    reportAllReplicas(verifier(keyring), manifest);

    List<VerificationResult> results = results();
    assertThat(results)
        .extracting(VerificationResult::status)
        .containsExactly(VerificationStatus.STARTED, VerificationStatus.SUCCESS);
    assertThat(results.get(1).checks()).hasSize(3).allMatch(VerificationCheck::passed);
    for (FilesystemBackupStore target : targets) {
      assertThat(target.list(manifest.verificationsPrefix())).hasSize(1);
    }
    assertThat(events(AuditRecord.class))
        .singleElement()
        .satisfies(audit -> assertThat(audit.action()).isEqualTo("artifact.verified"));
  }

  @Test
  void aDamagedReplicaMakesTheArtifactPartialAndIsNamed() throws Exception {
    ManifestDocument manifest = storeArtifact(new EnvelopeSealer(keyring));
    Path copy = dir.resolve("disk-b").resolve(manifest.artifactKey());
    byte[] bytes = Files.readAllBytes(copy);
    bytes[60] ^= 1;
    copy.toFile().setWritable(true);
    Files.write(copy, bytes);

    reportAllReplicas(verifier(keyring), manifest);

    VerificationResult result = results().get(1);
    assertThat(result.status()).isEqualTo(VerificationStatus.PARTIAL);
    VerificationCheck failed = onlyFailure(result);
    assertThat(failed.targetId()).isEqualTo("disk-b");
    assertThat(failed.checkName()).isEqualTo("checksum");
    assertThat(failed.detail()).contains("damaged");
    assertThat(dir.resolve("disk-b").resolve(manifest.verificationsPrefix())).doesNotExist();
    assertThat(targets.get(0).list(manifest.verificationsPrefix())).hasSize(1);
  }

  @Test
  void aMissingReplicaIsReportedAfterTheWaitTimeout() {
    ManifestDocument manifest = storeArtifact(new EnvelopeSealer(keyring));
    targets.get(2).delete(manifest.manifestKey());
    targets.get(2).delete(manifest.artifactKey());
    ReplicaVerifier verifier = verifier(keyring);

    verifier.onReplicaWritten(replica(manifest, "disk-a"));
    verifier.onReplicaWritten(replica(manifest, "disk-b"));
    assertThat(results()).isEmpty();
    clock.advance(Duration.ofMinutes(3));
    verifier.verifyExpired();

    VerificationResult result = results().get(1);
    assertThat(result.status()).isEqualTo(VerificationStatus.PARTIAL);
    VerificationCheck failed = onlyFailure(result);
    assertThat(failed.targetId()).isEqualTo("usb-offsite");
    assertThat(failed.checkName()).isEqualTo("read-back");
    assertThat(failed.detail()).contains("missing").contains("replica-wait-timeout");
  }

  @Test
  void aReplicaWrittenAfterAPartialVerificationVerifiesAgainAndCanMakeItSuccess() throws Exception {
    ManifestDocument manifest = storeArtifact(new EnvelopeSealer(keyring));
    FilesystemBackupStore usb = targets.get(2);
    List<String> keys =
        List.of(manifest.artifactKey(), manifest.wrappedKeyKey(), manifest.manifestKey());
    keys.forEach(usb::delete);
    ReplicaVerifier verifier = verifier(keyring);
    verifier.onReplicaWritten(replica(manifest, "disk-a"));
    verifier.onReplicaWritten(replica(manifest, "disk-b"));
    clock.advance(Duration.ofMinutes(3));
    verifier.verifyExpired();
    assertThat(results().get(1).status()).isEqualTo(VerificationStatus.PARTIAL);

    // replicate's catch-up writes the copy once the target is back, then reports it.
    for (String key : keys) {
      usb.put(key, targets.get(0).get(key));
    }
    clock.advance(Duration.ofSeconds(30));
    verifier.onReplicaWritten(replica(manifest, "usb-offsite"));

    assertThat(results())
        .extracting(VerificationResult::status)
        .containsExactly(
            VerificationStatus.STARTED,
            VerificationStatus.PARTIAL,
            VerificationStatus.STARTED,
            VerificationStatus.SUCCESS);
    assertThat(results().get(3).checks()).hasSize(3).allMatch(VerificationCheck::passed);
    assertThat(verifier.waitingCount()).isZero();
    assertThat(usb.list(manifest.verificationsPrefix())).hasSize(1);
  }

  @Test
  void noCopyAtAllIsFailed() {
    ManifestDocument manifest = storeArtifact(new EnvelopeSealer(keyring));
    for (FilesystemBackupStore target : targets) {
      target.delete(manifest.manifestKey());
    }

    reportAllReplicas(verifier(keyring), manifest);

    assertThat(results().get(1).status()).isEqualTo(VerificationStatus.FAILED);
  }

  @Test
  void theWrongKeyFailsEveryCopyWithAClearMessage() {
    ManifestDocument manifest = storeArtifact(new EnvelopeSealer(keyring));
    RawAesKeyring otherKey = keyring("other-keys", "gatevault-kek");

    reportAllReplicas(verifier(otherKey), manifest);

    VerificationResult result = results().get(1);
    assertThat(result.status()).isEqualTo(VerificationStatus.FAILED);
    assertThat(result.checks())
        .hasSize(3)
        .allSatisfy(
            check -> {
              assertThat(check.checkName()).isEqualTo("decrypt");
              assertThat(check.detail())
                  .contains("The data key of artifact " + manifest.artifactId())
                  .contains("cannot be unwrapped with key gatevault-kek v1");
            });
  }

  @Test
  void aRedeliveredReplicaEventDoesNotVerifyTwice() {
    ManifestDocument manifest = storeArtifact(new EnvelopeSealer(keyring));
    ReplicaVerifier verifier = verifier(keyring);
    ReplicaWritten first = replica(manifest, "disk-a");

    verifier.onReplicaWritten(first);
    verifier.onReplicaWritten(first);
    verifier.onReplicaWritten(first);

    assertThat(results()).isEmpty();
    assertThat(verifier.waitingCount()).isEqualTo(1);
  }

  private VerificationCheck onlyFailure(VerificationResult result) {
    List<VerificationCheck> failed =
        result.checks().stream().filter(check -> !check.passed()).toList();
    assertThat(failed).hasSize(1);
    return failed.get(0);
  }

  private void reportAllReplicas(ReplicaVerifier verifier, ManifestDocument manifest) {
    for (FilesystemBackupStore target : targets) {
      verifier.onReplicaWritten(replica(manifest, target.describe().targetId()));
    }
  }

  /** Writes the artifact to every target the way replicate does. */
  private ManifestDocument storeArtifact(EnvelopeSealer sealer) {
    String artifactId = UUID.randomUUID().toString();
    SealedBytes sealed =
        sealer.seal(DOCUMENT, new EncryptionContext(GATEWAY, ENVIRONMENT, artifactId));
    ArtifactManifest manifest =
        new ArtifactManifest(
            new EventEnvelope(
                UUID.randomUUID().toString(),
                1,
                "ArtifactManifest",
                "encrypt",
                null,
                null,
                clock.instant(),
                GATEWAY),
            artifactId,
            GATEWAY,
            ENVIRONMENT,
            "caddy-prod-20250818-1430-full.json.gvx",
            ArtifactKind.SNAPSHOT,
            1,
            EnvelopeSealer.CIPHER,
            new KeyReference(
                "local-keystore",
                "gatevault-kek",
                1,
                RepositoryLayout.wrappedKey(ENVIRONMENT, GATEWAY, artifactId, 1)),
            sealed.envelope().plaintextSize(),
            sealed.envelope().ciphertextSize(),
            sealed.envelope().ciphertextSha256(),
            0,
            "daily",
            Map.of(),
            null,
            clock.instant());
    ManifestDocument document = ManifestDocument.from(manifest);
    for (FilesystemBackupStore target : targets) {
      target.put(document.artifactKey(), sealed.ciphertext());
      target.put(document.wrappedKeyKey(), sealed.envelope().wrappedDataKey().bytes());
      target.put(document.manifestKey(), document.toJson());
    }
    return document;
  }

  private ReplicaVerifier verifier(RawAesKeyring keys) {
    EventPublisher publisher = (topic, key, event) -> published.add(event);
    Envelopes envelopes = new Envelopes("verify", clock);
    return new ReplicaVerifier(
        targets,
        new ArtifactVerifier(new EnvelopeUnsealer(keys), keys.reference(), dir.resolve("work")),
        publisher,
        envelopes,
        new AuditTrail(publisher, envelopes),
        new ProcessedEvents(100),
        Duration.ofMinutes(2));
  }

  private ReplicaWritten replica(ManifestDocument manifest, String targetId) {
    return new ReplicaWritten(
        new EventEnvelope(
            UUID.randomUUID().toString(),
            1,
            "ReplicaWritten",
            "replicate",
            null,
            null,
            clock.instant(),
            GATEWAY),
        manifest.artifactId(),
        targetId,
        StorageMedium.FILESYSTEM,
        "eu-central-1",
        false,
        false,
        "file:///x",
        manifest.sha256(),
        manifest.ciphertextSize(),
        clock.instant());
  }

  private List<VerificationResult> results() {
    return events(VerificationResult.class);
  }

  private <T> List<T> events(Class<T> type) {
    return published.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private FilesystemBackupStore store(String id, StorageMedium medium, boolean offSite) {
    return new FilesystemBackupStore(
        new TargetDescription(id, medium, "eu-central-1", offSite, false), dir.resolve(id));
  }

  private RawAesKeyring keyring(String folder, String alias) {
    Path keystore = dir.resolve(folder).resolve("keyring.p12");
    new KeystoreGenerator().create(keystore, "passphrase-1".toCharArray(), alias);
    return new KeystoreLoader(Map.of("PASS", "passphrase-1")::get)
        .loadKeyring(new KeystoreSettings(keystore, "PASS", null, alias, 1));
  }

  private static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}

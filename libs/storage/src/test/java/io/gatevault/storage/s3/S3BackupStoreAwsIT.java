package io.gatevault.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.core.event.StorageMedium;
import io.gatevault.core.storage.RepositoryLayout;
import io.gatevault.core.storage.Sha256;
import io.gatevault.core.storage.TargetDescription;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * What only real AWS S3 enforces: object tags, SSE-KMS and object-lock retention. Opt-in: needs
 * {@code GATEVAULT_TEST_S3_BUCKET} and AWS credentials; the SSE-KMS test also {@code
 * GATEVAULT_TEST_KMS_KEY_ID}, the object-lock test {@code GATEVAULT_TEST_S3_LOCK_BUCKET} (a bucket
 * created with object lock; the test's object is removed with governance bypass). Skipped with the
 * reason otherwise.
 */
class S3BackupStoreAwsIT {

  private static final TargetDescription TARGET =
      new TargetDescription("aws-offsite", StorageMedium.OBJECT_STORE, "aws", true, true);
  private static final String KEY = RepositoryLayout.manifest("prod", "caddy-1", "art-1");
  private static final byte[] BYTES = "{\"manifest\":true}".getBytes(StandardCharsets.UTF_8);

  @Test
  void tagsBecomeRealObjectTags() {
    RealAwsBucket.assumeConfigured();
    S3TargetSettings settings = RealAwsBucket.settings(RealAwsBucket.BUCKET);
    try (S3Client client = RealAwsBucket.client();
        S3BackupStore store = new S3BackupStore(TARGET, settings, RealAwsBucket.client())) {
      store.put(
          KEY,
          new ByteArrayInputStream(BYTES),
          Sha256.hex(BYTES),
          Map.of("Environment", "prod", "Owner", "team-edge"));
      try {
        assertThat(
                client
                    .getObjectTagging(
                        t -> t.bucket(RealAwsBucket.BUCKET).key(settings.prefix() + "/" + KEY))
                    .tagSet())
            .extracting(tag -> tag.key() + "=" + tag.value())
            .containsExactlyInAnyOrder("Environment=prod", "Owner=team-edge");
      } finally {
        store.delete(KEY);
      }
    }
  }

  /** A sealed artifact of known length goes up in one PUT; its tags follow in a tagging call. */
  @Test
  void aStreamedArtifactGetsRealObjectTagsAfterItsPut() throws Exception {
    RealAwsBucket.assumeConfigured();
    S3TargetSettings settings = RealAwsBucket.settings(RealAwsBucket.BUCKET);
    long size = 20L * 1024 * 1024 + 1;
    String sha256;
    try (var digest =
        new java.security.DigestInputStream(
            new S3BackupStoreIT.GeneratedBytes(size, 21), Sha256.newDigest())) {
      digest.transferTo(java.io.OutputStream.nullOutputStream());
      sha256 = Sha256.hex(digest.getMessageDigest());
    }
    String key = RepositoryLayout.snapshot("prod", "caddy-1", "caddy-1-20261126-1200-full.json");
    try (S3Client client = RealAwsBucket.client();
        S3BackupStore store = new S3BackupStore(TARGET, settings, RealAwsBucket.client())) {
      store.put(
          key,
          new S3BackupStoreIT.GeneratedBytes(size, 21),
          size,
          sha256,
          Map.of("Environment", "prod", "BackupType", "FULL"));
      try {
        assertThat(
                client
                    .getObjectTagging(
                        t -> t.bucket(RealAwsBucket.BUCKET).key(settings.prefix() + "/" + key))
                    .tagSet())
            .extracting(tag -> tag.key() + "=" + tag.value())
            .containsExactlyInAnyOrder("Environment=prod", "BackupType=FULL");
      } finally {
        store.delete(key);
      }
    }
  }

  @Test
  void objectsAreEncryptedWithTheConfiguredKmsKey() {
    RealAwsBucket.assumeConfigured();
    String kmsKey =
        RealAwsBucket.assumeSet(
            "GATEVAULT_TEST_KMS_KEY_ID", "(a KMS key the credentials may use) to test SSE-KMS");
    S3TargetSettings settings = RealAwsBucket.settings(RealAwsBucket.BUCKET).withSseKms(kmsKey);
    try (S3Client client = RealAwsBucket.client();
        S3BackupStore store = new S3BackupStore(TARGET, settings, RealAwsBucket.client())) {
      store.put(KEY, BYTES);
      try {
        HeadObjectResponse head =
            client.headObject(
                h -> h.bucket(RealAwsBucket.BUCKET).key(settings.prefix() + "/" + KEY));
        assertThat(head.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
        assertThat(head.ssekmsKeyId()).contains(kmsKey.replaceFirst("^alias/", ""));
        assertThat(store.get(KEY)).isEqualTo(BYTES);
      } finally {
        store.delete(KEY);
      }
    }
  }

  @Test
  void aLockedObjectVersionCannotBeDeletedBeforeItsRetentionEnds() {
    RealAwsBucket.assumeConfigured();
    String lockBucket =
        RealAwsBucket.assumeSet(
            "GATEVAULT_TEST_S3_LOCK_BUCKET", "(a bucket with object lock) to test retention");
    S3TargetSettings settings = RealAwsBucket.settings(lockBucket).withObjectLock("GOVERNANCE", 1);
    String objectKey = settings.prefix() + "/" + KEY;
    try (S3Client client = RealAwsBucket.client();
        S3BackupStore store = new S3BackupStore(TARGET, settings, RealAwsBucket.client())) {
      store.put(KEY, BYTES);
      HeadObjectResponse head = client.headObject(h -> h.bucket(lockBucket).key(objectKey));
      try {
        assertThat(head.objectLockMode()).isEqualTo(ObjectLockMode.GOVERNANCE);
        assertThat(head.objectLockRetainUntilDate()).isAfter(Instant.now());
        assertThatThrownBy(
                () ->
                    client.deleteObject(
                        d -> d.bucket(lockBucket).key(objectKey).versionId(head.versionId())))
            .isInstanceOfSatisfying(
                S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
      } finally {
        client.deleteObject(
            d ->
                d.bucket(lockBucket)
                    .key(objectKey)
                    .versionId(head.versionId())
                    .bypassGovernanceRetention(true));
      }
    }
  }
}

package io.gatevault.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.core.event.StorageMedium;
import io.gatevault.core.storage.BackupStoreException;
import io.gatevault.core.storage.ChecksumMismatchException;
import io.gatevault.core.storage.ObjectStat;
import io.gatevault.core.storage.RepositoryLayout;
import io.gatevault.core.storage.Sha256;
import io.gatevault.core.storage.StorageUnavailableException;
import io.gatevault.core.storage.TargetDescription;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** What only an S3 target shows, against a real S3-compatible server (S3Proxy on 127.0.0.1). */
class S3BackupStoreIT {

  private static final TargetDescription TARGET =
      new TargetDescription("s3-offsite", StorageMedium.OBJECT_STORE, "us-east-1", true, false);
  private static final String KEY =
      RepositoryLayout.snapshot("prod", "caddy-1", "caddy-prod-20250818-1430-full.json");
  private static final AtomicInteger BUCKETS = new AtomicInteger();

  private static S3ProxyServer server;
  private static S3Client admin;

  private String bucket;
  private S3BackupStore store;

  @BeforeAll
  static void startServer() throws Exception {
    server = S3ProxyServer.start(Files.createTempDirectory("gatevault-s3-it"));
    admin = server.rawClient();
  }

  @AfterAll
  static void stopServer() {
    if (admin != null) {
      admin.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void newBucket() {
    bucket = "it-" + BUCKETS.incrementAndGet();
    admin.createBucket(b -> b.bucket(bucket));
    store = new S3BackupStore(TARGET, server.settings(bucket), server.client());
  }

  @Test
  void aFortyMegabyteObjectGoesUpInPartsAndReadsBackChecked() throws Exception {
    long size = 40L * 1024 * 1024 + 123;
    String sha256 = sha256Of(new GeneratedBytes(size, 7));
    long started = System.nanoTime();
    ObjectStat stat = store.put(KEY, new GeneratedBytes(size, 7), sha256);
    long writeMillis = (System.nanoTime() - started) / 1_000_000;
    assertThat(stat).isEqualTo(new ObjectStat(KEY, size, sha256));
    HeadObjectResponse head = admin.headObject(h -> h.bucket(bucket).key(KEY));
    // A multipart ETag is "<md5 of the part md5s>-<number of parts>": 40 MiB in 8 MiB parts = 6.
    assertThat(head.eTag()).endsWith("-6\"");
    assertThat(head.metadata()).containsEntry(S3BackupStore.SHA256_METADATA, sha256);
    try (InputStream in = store.open(KEY)) {
      assertThat(sha256Of(in)).isEqualTo(sha256);
    }
    assertThat(admin.listMultipartUploads(l -> l.bucket(bucket)).uploads()).isEmpty();
    System.out.printf("40 MiB multipart write to S3Proxy: %d ms%n", writeMillis);
  }

  @Test
  void anObjectOfKnownLengthGoesUpInOneStreamedPutAndReadsBackChecked() throws Exception {
    long size = 40L * 1024 * 1024 + 123;
    String sha256 = sha256Of(new GeneratedBytes(size, 11));
    ObjectStat stat = store.put(KEY, new GeneratedBytes(size, 11), size, sha256);
    assertThat(stat).isEqualTo(new ObjectStat(KEY, size, sha256));
    HeadObjectResponse head = admin.headObject(h -> h.bucket(bucket).key(KEY));
    assertThat(head.eTag()).doesNotContain("-"); // one PUT, not parts
    assertThat(head.metadata()).containsEntry(S3BackupStore.SHA256_METADATA, sha256);
    try (InputStream in = store.open(KEY)) {
      assertThat(sha256Of(in)).isEqualTo(sha256);
    }
    // Write-once holds on this path too: the same bytes again are a no-op.
    assertThat(store.put(KEY, new GeneratedBytes(size, 11), size, sha256)).isEqualTo(stat);
  }

  @Test
  void aStreamedPutWithTheWrongChecksumLeavesNothing() {
    long size = 20L * 1024 * 1024;
    String wrong = Sha256.hex("something else".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> store.put(KEY, new GeneratedBytes(size, 5), size, wrong))
        .isInstanceOf(io.gatevault.core.storage.BackupStoreException.class);
    assertThat(store.exists(KEY)).isFalse();
  }

  @Test
  void aLargeObjectWithTheWrongChecksumIsAbortedAndLeavesNothing() {
    long size = 20L * 1024 * 1024;
    String wrong = Sha256.hex("something else".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> store.put(KEY, new GeneratedBytes(size, 3), wrong))
        .isInstanceOf(ChecksumMismatchException.class)
        .hasMessageContaining(wrong);
    assertThat(store.exists(KEY)).isFalse();
    assertThat(admin.listMultipartUploads(l -> l.bucket(bucket)).uploads()).isEmpty();
  }

  @Test
  void aSourceFailingDuringAMultipartUploadLeavesNoObjectAndNoParts() {
    InputStream failing =
        new GeneratedBytes(60L * 1024 * 1024, 5) {
          @Override
          public int read(byte[] buffer, int offset, int length) throws IOException {
            if (served() > 20L * 1024 * 1024) {
              throw new IOException("connection to the sealer reset");
            }
            return super.read(buffer, offset, length);
          }
        };
    assertThatThrownBy(() -> store.put(KEY, failing, "0".repeat(64)))
        .isInstanceOf(StorageUnavailableException.class)
        .hasMessageContaining("s3-offsite")
        .hasMessageContaining("connection to the sealer reset");
    assertThat(store.exists(KEY)).isFalse();
    assertThat(admin.listMultipartUploads(l -> l.bucket(bucket)).uploads()).isEmpty();
  }

  @Test
  void anObjectAlteredInTheBucketFailsItsChecksumWhenRead() throws Exception {
    byte[] original = "sealed bytes".getBytes(StandardCharsets.UTF_8);
    store.put(KEY, original);
    HeadObjectResponse head = admin.headObject(h -> h.bucket(bucket).key(KEY));
    byte[] altered = "sealed bytez".getBytes(StandardCharsets.UTF_8);
    // Tampering keeps the recorded metadata, as bit rot or a careless copy would.
    admin.putObject(
        p -> p.bucket(bucket).key(KEY).metadata(head.metadata()), RequestBody.fromBytes(altered));
    assertThatThrownBy(() -> store.get(KEY))
        .isInstanceOf(ChecksumMismatchException.class)
        .hasMessageContaining(Sha256.hex(original))
        .hasMessageContaining(Sha256.hex(altered))
        .hasMessageContaining("s3://" + bucket + "/" + KEY)
        .hasMessageContaining("restore from another target")
        .satisfies(e -> assertThat(((BackupStoreException) e).isRetriable()).isFalse());
  }

  @Test
  void aLargeObjectAlteredInTheBucketFailsItsChecksumAtTheEndOfTheRead() throws Exception {
    long size = 17L * 1024 * 1024;
    store.put(KEY, new GeneratedBytes(size, 9), sha256Of(new GeneratedBytes(size, 9)));
    HeadObjectResponse head = admin.headObject(h -> h.bucket(bucket).key(KEY));
    admin.putObject(
        p -> p.bucket(bucket).key(KEY).metadata(head.metadata()),
        RequestBody.fromInputStream(new GeneratedBytes(size, 10), size));
    try (InputStream in = store.open(KEY)) {
      assertThatThrownBy(() -> in.transferTo(java.io.OutputStream.nullOutputStream()))
          .isInstanceOf(ChecksumMismatchException.class);
    }
  }

  @Test
  void theServerHonoursIfNoneMatchSoWritesStayConditional() {
    store.put(KEY, new byte[] {1});
    assertThat(store.writesConditionally()).isTrue();
    assertThatThrownBy(
            () ->
                admin.putObject(
                    p -> p.bucket(bucket).key(KEY).ifNoneMatch("*"),
                    RequestBody.fromBytes(new byte[] {2})))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
    assertThat(store.get(KEY)).containsExactly(1);
  }

  @Test
  void theStorageClassOfTheTargetIsSentWithEveryObject() {
    S3BackupStore infrequent =
        new S3BackupStore(
            TARGET, server.settings(bucket).withStorageClass("STANDARD_IA"), server.client());
    infrequent.put(KEY, new byte[] {1});
    assertThat(admin.headObject(h -> h.bucket(bucket).key(KEY)).storageClassAsString())
        .isEqualTo("STANDARD_IA");
  }

  /**
   * S3Proxy answers 501 to object tagging and may close the connection with it; the store falls
   * back to metadata on a fresh connection. Repeated because that close is a race.
   */
  @RepeatedTest(10)
  void tagsAreStoredAsObjectMetadataAlsoWhereTheServerHasNoTagging() {
    Map<String, String> tags = new HashMap<>();
    tags.put("Environment", "prod");
    tags.put("Owner", "team-edge");
    tags.put("BackupDate", "2025-08-18T14:30:00Z");
    tags.put("Application", "boutique-\u00e9t\u00e9");
    byte[] bytes = {1, 2, 3};
    S3BackupStore fresh = new S3BackupStore(TARGET, server.settings(bucket), server.client());
    fresh.put(KEY, new ByteArrayInputStream(bytes), Sha256.hex(bytes), tags);
    HeadObjectResponse head = admin.headObject(h -> h.bucket(bucket).key(KEY));
    assertThat(head.metadata())
        .containsEntry("tag-environment", "prod")
        .containsEntry("tag-owner", "team-edge")
        .containsEntry("tag-backupdate", "2025-08-18T14:30:00Z")
        // Metadata is sent as HTTP headers, so only printable ASCII survives.
        .containsEntry("tag-application", "boutique-_t_");
  }

  /**
   * The one streamed PUT of an artifact carries its backup's tags as metadata; the tags request
   * that follows gets S3Proxy's 501, which neither fails nor repeats the upload.
   */
  @Test
  void anArtifactOfKnownLengthKeepsItsBackupsTagsAlsoWhereTheServerHasNoTagging() throws Exception {
    long size = 20L * 1024 * 1024 + 5;
    String sha256 = sha256Of(new GeneratedBytes(size, 12));
    Map<String, String> tags =
        Map.of("Environment", "prod", "BackupType", "FULL", "Owner", "team-edge");
    S3BackupStore fresh = new S3BackupStore(TARGET, server.settings(bucket), server.client());

    ObjectStat stat = fresh.put(KEY, new GeneratedBytes(size, 12), size, sha256, tags);

    assertThat(stat).isEqualTo(new ObjectStat(KEY, size, sha256));
    HeadObjectResponse head = admin.headObject(h -> h.bucket(bucket).key(KEY));
    assertThat(head.eTag()).doesNotContain("-"); // still one PUT
    assertThat(head.metadata())
        .containsEntry(S3BackupStore.SHA256_METADATA, sha256)
        .containsEntry("tag-environment", "prod")
        .containsEntry("tag-backuptype", "FULL")
        .containsEntry("tag-owner", "team-edge");
  }

  @Test
  void aPrefixKeepsTheRepositoryInItsOwnFolderOfTheBucket() {
    S3BackupStore prefixed =
        new S3BackupStore(
            TARGET, server.settings(bucket).withPrefix("gatevault/site-a"), server.client());
    prefixed.put(KEY, new byte[] {4});
    assertThat(admin.listObjectsV2(l -> l.bucket(bucket)).contents())
        .extracting(o -> o.key())
        .containsExactly("gatevault/site-a/" + KEY);
    assertThat(prefixed.list("")).containsExactly(KEY);
    assertThat(prefixed.location(KEY)).isEqualTo("s3://" + bucket + "/gatevault/site-a/" + KEY);
    assertThat(prefixed.get(KEY)).containsExactly(4);
  }

  @Test
  void aMissingBucketIsAPermanentErrorNamingTheBucketAndTheFix() {
    S3BackupStore missing =
        new S3BackupStore(TARGET, server.settings("no-such-bucket"), server.client());
    assertThatThrownBy(() -> missing.put(KEY, new byte[] {1}))
        .isInstanceOf(BackupStoreException.class)
        .hasMessageContaining("s3-offsite")
        .hasMessageContaining(KEY)
        .hasMessageContaining("bucket 'no-such-bucket' does not exist")
        .hasMessageContaining("s3.bucket")
        .satisfies(e -> assertThat(((BackupStoreException) e).isRetriable()).isFalse());
    assertThatThrownBy(() -> missing.exists(KEY))
        .hasMessageContaining("bucket 'no-such-bucket' does not exist");
  }

  @Test
  void wrongCredentialsAreAPermanentErrorPointingAtTheCredentials() {
    S3BackupStore wrong =
        new S3BackupStore(
            TARGET,
            server.settings(bucket),
            server.client(S3ProxyServer.ACCESS_KEY, "not-the-secret"));
    assertThatThrownBy(() -> wrong.put(KEY, new byte[] {1}))
        .isInstanceOf(BackupStoreException.class)
        .hasMessageContaining("s3-offsite")
        .hasMessageContaining(bucket)
        .hasMessageContaining("HTTP 403")
        .hasMessageContaining("check the credentials")
        .satisfies(e -> assertThat(((BackupStoreException) e).isRetriable()).isFalse());
  }

  @Test
  void anUnreachableEndpointIsRetriable() throws IOException {
    int closedPort;
    try (var socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    S3TargetSettings nowhere =
        S3TargetSettings.of(bucket, S3ProxyServer.REGION)
            .withEndpoint("http://127.0.0.1:" + closedPort, true);
    S3BackupStore unreachable =
        new S3BackupStore(
            TARGET,
            nowhere,
            S3BackupStore.clientFor(
                nowhere,
                software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                    software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                        S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY))));
    assertThatThrownBy(() -> unreachable.put(KEY, new byte[] {1}))
        .isInstanceOf(StorageUnavailableException.class)
        .hasMessageContaining("s3-offsite")
        .hasMessageContaining("127.0.0.1:" + closedPort)
        .satisfies(e -> assertThat(((BackupStoreException) e).isRetriable()).isTrue());
  }

  @Test
  void theTestServerListensOnLoopbackOnly() throws Exception {
    List<InetAddress> others =
        Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
            .filter(nic -> !isLoopback(nic))
            .flatMap(nic -> Collections.list(nic.getInetAddresses()).stream())
            .filter(address -> !address.isLinkLocalAddress())
            .toList();
    for (InetAddress address : others) {
      try (Socket socket = new Socket()) {
        assertThatThrownBy(() -> socket.connect(new InetSocketAddress(address, server.port()), 500))
            .as("S3Proxy must not accept connections on %s", address)
            .isInstanceOf(IOException.class);
      }
    }
  }

  private static boolean isLoopback(NetworkInterface nic) {
    try {
      return nic.isLoopback();
    } catch (java.net.SocketException e) {
      return false;
    }
  }

  private static String sha256Of(InputStream in) throws IOException {
    MessageDigest digest = Sha256.newDigest();
    byte[] buffer = new byte[1 << 16];
    try (in) {
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        digest.update(buffer, 0, read);
      }
    }
    return Sha256.hex(digest);
  }

  /**
   * {@code size} pseudo-random bytes from {@code seed}, generated as read (never all in memory).
   */
  static class GeneratedBytes extends InputStream {
    private final long size;
    private final SplittableRandom random;
    private long served;

    GeneratedBytes(long size, long seed) {
      this.size = size;
      this.random = new SplittableRandom(seed);
    }

    long served() {
      return served;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (served >= size) {
        return -1;
      }
      int count = (int) Math.min(length, size - served);
      for (int i = 0; i < count; i++) {
        buffer[offset + i] = (byte) random.nextInt(256);
      }
      served += count;
      return count;
    }
  }
}

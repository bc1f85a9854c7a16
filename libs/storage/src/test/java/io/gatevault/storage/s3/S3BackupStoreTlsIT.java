package io.gatevault.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.core.event.StorageMedium;
import io.gatevault.core.storage.ObjectStat;
import io.gatevault.core.storage.RepositoryLayout;
import io.gatevault.core.storage.Sha256;
import io.gatevault.core.storage.TargetDescription;
import io.gatevault.tls.PlaintextRefusedException;
import io.gatevault.tls.TestCertificates;
import io.gatevault.tls.TlsMaterial;
import io.gatevault.tls.TlsSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 target over HTTPS: S3Proxy serving s3proxy.secure-endpoint with the test CA's cert. */
class S3BackupStoreTlsIT {

  private static final TestCertificates CERTS = TestCertificates.shared();
  private static final TargetDescription TARGET =
      new TargetDescription("s3-tls", StorageMedium.OBJECT_STORE, "us-east-1", true, false);
  private static final AwsCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(
          AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY));
  private static final String KEY =
      RepositoryLayout.snapshot("prod", "caddy-1", "caddy-prod-20250818-1430-full.json");

  private static S3ProxyServer server;

  @BeforeAll
  static void startHttpsServer() throws Exception {
    server =
        S3ProxyServer.startHttps(
            Files.createTempDirectory("gatevault-s3-tls-it"),
            CERTS.serverKeyStore(),
            TestCertificates.PASSWORD);
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aBackupGoesUpAndComesBackOverHttpsWithTheConfiguredTrustStore() {
    S3TargetSettings settings = server.settings("tls-bucket");
    assertThat(settings.endpoint()).startsWith("https://127.0.0.1:");
    TlsSettings tls = CERTS.clientSettings("storage.targets[3].tls");
    try (S3Client client =
        S3BackupStore.clientFor(
            settings, CREDENTIALS, "storage.targets[3].s3.endpoint", tls, name -> null)) {
      client.createBucket(b -> b.bucket("tls-bucket"));
      S3BackupStore store = new S3BackupStore(TARGET, settings, client);
      byte[] document = "{\"routes\":[\"/api\"]}".getBytes(StandardCharsets.UTF_8);

      ObjectStat stat = store.put(KEY, document);

      assertThat(stat.sha256()).isEqualTo(Sha256.hex(document));
      assertThat(store.get(KEY)).isEqualTo(document);
    }
  }

  @Test
  void storageTargetsBuildTheS3TargetOverTlsFromItsTargetIdsSettings() throws Exception {
    S3TargetSettings settings = server.settings("targets-bucket");
    try (S3Client admin =
        S3BackupStore.clientFor(
            settings,
            CREDENTIALS,
            "admin",
            CERTS.clientSettings("storage.targets[2].tls"),
            name -> null)) {
      admin.createBucket(b -> b.bucket("targets-bucket"));
    }
    java.nio.file.Path folders = Files.createTempDirectory("gatevault-tls-targets");
    S3TargetSettings withKeys =
        new S3TargetSettings(
            "targets-bucket",
            null,
            S3ProxyServer.REGION,
            settings.endpoint(),
            true,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    var storage =
        new io.gatevault.storage.StorageSettings(
            List.of(
                new io.gatevault.storage.StorageTargetSettings(
                    "disk-a",
                    "filesystem",
                    folders.resolve("a").toString(),
                    StorageMedium.FILESYSTEM,
                    "local",
                    false,
                    false,
                    null),
                new io.gatevault.storage.StorageTargetSettings(
                    "disk-b",
                    "filesystem",
                    folders.resolve("b").toString(),
                    StorageMedium.REMOVABLE_MEDIA,
                    "local",
                    false,
                    true,
                    null),
                new io.gatevault.storage.StorageTargetSettings(
                    "s3-tls", "s3", null, null, null, true, false, withKeys)));
    java.util.Map<String, String> properties =
        java.util.Map.of(
            "gatevault.tls.targets.s3-tls.trust-store.path", CERTS.trustStore().toString(),
            "gatevault.tls.targets.s3-tls.trust-store.password-file",
                CERTS.passwordFile().toString());
    // The SDK's default chain reads these: StorageTargets builds the client's credentials itself.
    System.setProperty("aws.accessKeyId", S3ProxyServer.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", S3ProxyServer.SECRET_KEY);
    try {
      var targets =
          io.gatevault.storage.StorageTargets.fromWithTls(
              storage,
              id ->
                  io.gatevault.tls.TlsProperties.read(
                      "gatevault.tls.targets." + id, properties::get));

      var s3 = targets.all().get(2);
      byte[] document = "{}".getBytes(StandardCharsets.UTF_8);
      s3.put(KEY, document);
      assertThat(s3.get(KEY)).isEqualTo(document);
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }

  @Test
  void onlyTls12OfferedStillWorksThroughTheSocketFactory() {
    S3TargetSettings settings = server.settings("tls12-bucket");
    TlsSettings tls =
        CERTS.clientSettings("storage.targets[3].tls").withProtocols(List.of("TLSv1.2"));
    try (S3Client client =
        S3BackupStore.clientFor(
            settings, CREDENTIALS, "storage.targets[3].s3.endpoint", tls, name -> null)) {
      client.createBucket(b -> b.bucket("tls12-bucket"));
      assertThat(client.listBuckets().buckets()).isNotEmpty();
    }
  }

  @Test
  void s3ProxyNegotiatesTls13WithTheSameTlsMaterial() throws Exception {
    TlsMaterial material = TlsMaterial.load(CERTS.clientSettings("tls"), name -> null);
    try (SSLSocket socket =
        (SSLSocket)
            material.context().getSocketFactory().createSocket("127.0.0.1", server.port())) {
      socket.setSSLParameters(material.parameters());
      socket.startHandshake();

      assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
    }
  }

  @Test
  void withoutTheTrustStoreTheServerCertificateIsRefused() {
    S3TargetSettings settings = server.settings("untrusted-bucket");
    try (S3Client client =
        S3BackupStore.clientFor(
            settings,
            CREDENTIALS,
            "storage.targets[3].s3.endpoint",
            TlsSettings.jvmDefaults("storage.targets[3].tls"),
            name -> null)) {
      assertThatThrownBy(() -> client.createBucket(b -> b.bucket("untrusted-bucket")))
          .hasStackTraceContaining("PKIX");
    }
  }

  @Test
  void aPlainHttpEndpointOnAnotherMachineIsRefusedUnlessAllowed() {
    S3TargetSettings remote =
        S3TargetSettings.of("b", "us-east-1").withEndpoint("http://minio.internal:9000", true);

    assertThatThrownBy(
            () ->
                S3BackupStore.clientFor(
                    remote,
                    CREDENTIALS,
                    "storage.targets[3].s3.endpoint",
                    TlsSettings.jvmDefaults("storage.targets[3].tls"),
                    name -> null))
        .isInstanceOf(PlaintextRefusedException.class)
        .hasMessageStartingWith("storage.targets[3].s3.endpoint: http://minio.internal:9000")
        .hasMessageContaining("storage.targets[3].tls.allow-plaintext: true");

    S3BackupStore.clientFor(
            remote,
            CREDENTIALS,
            "storage.targets[3].s3.endpoint",
            TlsSettings.jvmDefaults("storage.targets[3].tls").withAllowPlaintext(true),
            name -> null)
        .close();
  }
}

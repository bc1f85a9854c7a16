package io.gatevault.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.tls.PlaintextRefusedException;
import io.gatevault.tls.TestCertificates;
import io.gatevault.tls.TlsSettings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;

/** The KMS client over HTTPS: the test KMS endpoint served with a certificate of a test CA. */
class KmsClientsTlsIT {

  private static final TestCertificates CERTS = TestCertificates.shared();
  private static final EncryptionContext CONTEXT =
      new EncryptionContext("caddy-1", "prod", "artifact-1");
  private static final UnaryOperator<String> ENVIRONMENT =
      Map.of("KMS_ACCESS", "AKIDTEST", "KMS_SECRET", "secret")::get;

  private TestKmsEndpoint kms;
  private String keyArn;

  @BeforeEach
  void startHttpsKms() throws Exception {
    kms = new TestKmsEndpoint(CERTS.serverContext());
    keyArn = kms.createKey();
  }

  @AfterEach
  void stopKms() {
    kms.close();
  }

  @Test
  void aDataKeyIsWrappedAndUnwrappedThroughKmsOverTls13WithTheConfiguredTrustStore() {
    KmsClients clients = new KmsClients(ENVIRONMENT, CERTS.clientSettings("keyring.kms.tls"));
    try (KmsClient client = clients.client(settings(kms.endpoint()), null)) {
      AwsKmsKeyring keyring = new AwsKmsKeyring(keyArn, 1, client);
      byte[] document = "{\"routes\":[]}".getBytes(StandardCharsets.UTF_8);

      SealedBytes sealed = new EnvelopeSealer(keyring).seal(document, CONTEXT);
      byte[] opened =
          new EnvelopeUnsealer(keyring)
              .unsealToBytes(sealed.ciphertext(), sealed.envelope().wrappedDataKey(), CONTEXT);

      assertThat(opened).isEqualTo(document);
      assertThat(kms.endpoint().getScheme()).isEqualTo("https");
      assertThat(kms.negotiatedProtocols()).isNotEmpty().allMatch("TLSv1.3"::equals);
    }
  }

  @Test
  void tls12OnlyIsHonouredThroughTheSocketFactory() {
    KmsClients clients =
        new KmsClients(
            ENVIRONMENT, CERTS.clientSettings("keyring.kms.tls").withProtocols(List.of("TLSv1.2")));
    try (KmsClient client = clients.client(settings(kms.endpoint()), null)) {
      new AwsKmsKeyring(keyArn, 1, client)
          .wrap(DataKey.generate(new java.security.SecureRandom()), CONTEXT);

      assertThat(kms.negotiatedProtocols()).isNotEmpty().allMatch("TLSv1.2"::equals);
    }
  }

  @Test
  void withoutTheTrustStoreKmsIsUnreachableAndTheCertificateIsNamed() {
    KmsClients clients = new KmsClients(ENVIRONMENT);
    try (KmsClient client = clients.client(settings(kms.endpoint()), null)) {
      AwsKmsKeyring keyring = new AwsKmsKeyring(keyArn, 1, client);

      assertThatThrownBy(
              () -> keyring.wrap(DataKey.generate(new java.security.SecureRandom()), CONTEXT))
          .hasStackTraceContaining("PKIX");
      assertThat(kms.negotiatedProtocols()).isEmpty();
    }
  }

  @Test
  void aPlainHttpKmsEndpointOnAnotherMachineIsRefusedUnlessAllowed() {
    KmsKeySettings remote = settings(URI.create("http://kms.internal:4566"));

    assertThatThrownBy(() -> new KmsClients(ENVIRONMENT).client(remote, null))
        .isInstanceOf(PlaintextRefusedException.class)
        .hasMessageStartingWith("keyring.kms.endpoint: http://kms.internal:4566")
        .hasMessageContaining("keyring.kms.tls.allow-plaintext: true");

    new KmsClients(ENVIRONMENT, TlsSettings.jvmDefaults("keyring.kms.tls").withAllowPlaintext(true))
        .client(remote, null)
        .close();
  }

  private KmsKeySettings settings(URI endpoint) {
    return new KmsKeySettings(
        keyArn, List.of(), TestKmsEndpoint.REGION, endpoint, null, "KMS_ACCESS", "KMS_SECRET");
  }
}

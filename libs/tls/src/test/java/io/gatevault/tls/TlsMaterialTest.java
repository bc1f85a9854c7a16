package io.gatevault.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsMaterialTest {

  private static final TestCertificates CERTS = TestCertificates.shared();

  @TempDir Path dir;

  @Test
  void aPkcs12TrustStoreWithItsPasswordFileLoadsAndOffersTls13First() {
    TlsMaterial material = TlsMaterial.load(CERTS.clientSettings("tls"), name -> null);

    assertThat(material.protocols()).containsExactly("TLSv1.3", "TLSv1.2");
    assertThat(material.parameters().getProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
    assertThat(material.parameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
    assertThat(material.x509TrustManager().getAcceptedIssuers())
        .extracting(c -> c.getSubjectX500Principal().getName())
        .containsExactly("CN=Gatevault Test CA");
  }

  @Test
  void aJksTrustStoreWithItsPasswordFromTheEnvironmentLoads() {
    TlsSettings settings =
        TlsSettings.trusting(
            "tls",
            new StoreFile(
                CERTS.trustStoreJks(), StoreType.JKS, PasswordSource.fromEnvironment("TRUST_PW")));

    TlsMaterial material =
        TlsMaterial.load(settings, Map.of("TRUST_PW", TestCertificates.PASSWORD)::get);

    assertThat(material.x509TrustManager().getAcceptedIssuers()).hasSize(1);
  }

  @Test
  void aMissingTrustStoreIsNamedWithItsSettingAndTheFix() {
    TlsSettings settings =
        TlsSettings.trusting(
            "gateways[0].tls",
            new StoreFile(dir.resolve("nope.p12"), StoreType.PKCS12, PasswordSource.of("x")));

    assertThatThrownBy(() -> TlsMaterial.load(settings, name -> null))
        .isInstanceOf(TlsConfigurationException.class)
        .hasMessageStartingWith("gateways[0].tls.trust-store.path: ")
        .hasMessageContaining("nope.p12 does not exist. Fix:");
  }

  @Test
  void aWrongPasswordIsNamedWithWhereThePasswordCameFrom() {
    TlsSettings settings =
        TlsSettings.trusting(
            "tls",
            new StoreFile(
                CERTS.trustStore(), StoreType.PKCS12, PasswordSource.fromEnvironment("TRUST_PW")));

    assertThatThrownBy(() -> TlsMaterial.load(settings, Map.of("TRUST_PW", "wrong")::get))
        .isInstanceOf(TlsConfigurationException.class)
        .hasMessageStartingWith("tls.trust-store: ")
        .hasMessageContaining("does not open with the password from environment variable TRUST_PW")
        .hasMessageContaining("Fix:");
  }

  @Test
  void anUnsetPasswordVariableIsNamed() {
    TlsSettings settings =
        TlsSettings.trusting(
            "registry.tls",
            new StoreFile(
                CERTS.trustStore(), StoreType.PKCS12, PasswordSource.fromEnvironment("UNSET_PW")));

    assertThatThrownBy(() -> TlsMaterial.load(settings, name -> null))
        .hasMessageStartingWith("registry.tls.trust-store.password-env: ")
        .hasMessageContaining("UNSET_PW is not set");
  }

  @Test
  void aFileThatIsNoStoreIsRefusedNamingTheTypeAndTheFix() throws Exception {
    Path pem = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\nMIIB\n");
    TlsSettings settings =
        TlsSettings.trusting("tls", new StoreFile(pem, StoreType.PKCS12, PasswordSource.of("pw")));

    assertThatThrownBy(() -> TlsMaterial.load(settings, name -> null))
        .isInstanceOf(TlsConfigurationException.class)
        .hasMessageStartingWith("tls.trust-store: ")
        .hasMessageContaining("PKCS12")
        .hasMessageContaining("Fix:");
  }

  @Test
  void anEmptyTrustStoreIsRefused() throws Exception {
    Path empty = dir.resolve("empty.p12");
    java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
    store.load(null, null);
    try (var out = Files.newOutputStream(empty)) {
      store.store(out, "pw".toCharArray());
    }
    TlsSettings settings =
        TlsSettings.trusting(
            "tls", new StoreFile(empty, StoreType.PKCS12, PasswordSource.of("pw")));

    assertThatThrownBy(() -> TlsMaterial.load(settings, name -> null))
        .hasMessageStartingWith("tls.trust-store.path: ")
        .hasMessageContaining("holds no certificate");
  }

  @Test
  void noSupportedProtocolIsRefusedNamingProtocols() {
    TlsSettings settings = CERTS.clientSettings("kafka.tls").withProtocols(List.of("SSLv2"));

    assertThatThrownBy(() -> TlsMaterial.load(settings, name -> null))
        .hasMessageStartingWith("kafka.tls.protocols: [SSLv2] has no protocol this JVM supports")
        .hasMessageContaining("Fix: use TLSv1.3 and/or TLSv1.2");
  }

  @Test
  void anUnknownStoreTypeIsRefusedNamingTheChoices() {
    assertThatThrownBy(() -> StoreType.parse("tls.trust-store.type", "PEM"))
        .hasMessage("tls.trust-store.type: 'PEM' is not a store type. Fix: use PKCS12 or JKS.");
    assertThat(StoreType.parse("x", "jks")).isEqualTo(StoreType.JKS);
    assertThat(StoreType.parse("x", null)).isEqualTo(StoreType.PKCS12);
  }

  @Test
  void aConnectionsOwnTrustStoreWinsAndPlaintextOptInIsNeverInherited() {
    TlsSettings defaults = CERTS.clientSettings("tls").withAllowPlaintext(true);
    TlsSettings own =
        TlsSettings.trusting(
            "gateways[1].tls",
            new StoreFile(CERTS.trustStoreJks(), StoreType.JKS, PasswordSource.of("x")));

    TlsSettings merged = TlsSettings.merge(defaults, own, "gateways[1].tls");
    TlsSettings inherited = TlsSettings.merge(defaults, null, "gateways[2].tls");

    assertThat(merged.trustStore().type()).isEqualTo(StoreType.JKS);
    assertThat(merged.origin()).isEqualTo("gateways[1].tls");
    assertThat(inherited.trustStore()).isEqualTo(defaults.trustStore());
    assertThat(inherited.allowPlaintext()).isFalse();
  }

  @Test
  void kafkaPropertiesCarryTheStoresAndProtocols() {
    TlsSettings settings =
        CERTS.clientSettings("kafka.tls").withKeyStore(CERTS.clientKeyStoreFile());

    Map<String, String> properties = KafkaTlsProperties.of(settings, name -> null);

    assertThat(properties)
        .containsEntry("security.protocol", "SSL")
        .containsEntry("ssl.enabled.protocols", "TLSv1.3,TLSv1.2")
        .containsEntry("ssl.protocol", "TLSv1.3")
        .containsEntry("ssl.truststore.location", CERTS.trustStore().toString())
        .containsEntry("ssl.truststore.type", "PKCS12")
        .containsEntry("ssl.truststore.password", TestCertificates.PASSWORD)
        .containsEntry("ssl.keystore.location", CERTS.clientKeyStore().toString())
        .containsEntry("ssl.key.password", TestCertificates.PASSWORD);
  }
}

package io.gatevault.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TlsPropertiesTest {

  @Test
  void settingsWrittenAsPropertiesReadBackTheSame() {
    TlsSettings settings =
        new TlsSettings(
            "gateways[0].tls",
            new StoreFile(
                Path.of("/etc/gv/ca.jks"),
                StoreType.JKS,
                PasswordSource.fromFile(Path.of("/run/secrets/ca"))),
            new StoreFile(
                Path.of("/etc/gv/client.p12"),
                StoreType.PKCS12,
                PasswordSource.fromEnvironment("CLIENT_PW")),
            List.of("TLSv1.3"),
            true);

    Map<String, String> properties =
        TlsProperties.write("gatevault.tls.gateways.caddy-1", settings);

    assertThat(TlsProperties.read("gatevault.tls.gateways.caddy-1", properties::get))
        .isEqualTo(settings);
    assertThat(properties)
        .containsEntry(
            "gatevault.tls.gateways.caddy-1.trust-store.password-file", "/run/secrets/ca")
        .containsEntry("gatevault.tls.gateways.caddy-1.key-store.password-env", "CLIENT_PW");
  }

  @Test
  void nothingSetMeansTheJvmDefaultsNamedByThePrefix() {
    TlsSettings settings = TlsProperties.read("gatevault.tls.kafka", name -> null);

    assertThat(settings).isEqualTo(TlsSettings.jvmDefaults("gatevault.tls.kafka"));
    assertThat(settings.usesJvmTrust()).isTrue();
  }

  @Test
  void aStoreWithoutPasswordIsRefusedNamingBothWays() {
    Map<String, String> properties = Map.of("p.trust-store.path", "/x.p12");

    assertThatThrownBy(() -> TlsProperties.read("p", properties::get))
        .isInstanceOf(TlsConfigurationException.class)
        .hasMessage(
            "p.trust-store: has a path but no password. Fix: set p.trust-store.password-env (an"
                + " environment variable's name) or p.trust-store.password-file.");
  }
}

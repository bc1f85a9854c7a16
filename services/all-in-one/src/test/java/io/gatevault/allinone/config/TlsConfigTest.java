package io.gatevault.allinone.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.gatevault.tls.PlaintextGuard;
import io.gatevault.tls.StoreType;
import io.gatevault.tls.TestCertificates;
import io.gatevault.tls.TlsSettings;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The tls section of gatevault.yml: read, merged per connection, checked before anything runs. */
class TlsConfigTest {

  private static final TestCertificates CERTS = TestCertificates.shared();

  @TempDir Path dir;

  private GatevaultConfig parse(String yaml) {
    return ConfigLoader.parse(yaml, "gatevault.yml", dir);
  }

  private List<ConfigProblem> problemsOf(String yaml) {
    try {
      parse(yaml);
    } catch (InvalidConfigurationException e) {
      return e.problems();
    }
    throw new AssertionError("expected the configuration to be refused:\n" + yaml);
  }

  private static String trustStore() {
    return "{path: "
        + CERTS.trustStore()
        + ", type: PKCS12, password-file: "
        + CERTS.passwordFile()
        + "}";
  }

  private static String gateway(String adminUrl, String tls) {
    return "gateways:\n"
        + "  - {id: caddy-1, type: caddy, admin-url: '"
        + adminUrl
        + "', environment: prod, application: edge, owner: platform-team"
        + (tls == null ? "" : ", tls: " + tls)
        + "}\n";
  }

  @Test
  void theTlsSectionIsTheDefaultOfEveryConnectionAndAConnectionsOwnBlockOverridesIt() {
    GatevaultConfig config =
        parse(
            "tls:\n  trust-store: "
                + trustStore()
                + "\n  protocols: [TLSv1.3]\n"
                + gateway(
                    "https://caddy.internal:2019",
                    "{trust-store: {path: "
                        + CERTS.trustStoreJks()
                        + ", type: JKS, password-file: "
                        + CERTS.passwordFile()
                        + "}}"));

    TlsSettings gateway = config.tls().forConnection("gateways[0].tls");
    TlsSettings registry = config.tls().forConnection("registry.tls");

    assertThat(gateway.trustStore().type()).isEqualTo(StoreType.JKS);
    assertThat(gateway.protocols()).containsExactly("TLSv1.3");
    assertThat(registry.trustStore().path()).isEqualTo(CERTS.trustStore());
    assertThat(registry.origin()).isEqualTo("tls");
  }

  @Test
  void aMissingTrustStoreIsAProblemNamingItsSettingAndTheFix() {
    List<ConfigProblem> problems =
        problemsOf("tls:\n  trust-store: {path: certs/ca.p12, password-env: GV_TLS_PW}\n");

    assertThat(problems)
        .anySatisfy(
            p -> {
              assertThat(p.setting()).isIn("tls.trust-store.password-env", "tls.trust-store.path");
              assertThat(p.fix()).isNotBlank();
            });
  }

  @Test
  void aTrustStoreFileThatDoesNotExistIsNamed() {
    List<ConfigProblem> problems =
        problemsOf(
            "tls:\n  trust-store: {path: certs/ca.p12, password-file: "
                + CERTS.passwordFile()
                + "}\n");

    assertThat(problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.setting()).isEqualTo("tls.trust-store.path");
              assertThat(p.problem()).contains(dir.resolve("certs/ca.p12").toString());
              assertThat(p.fix()).contains("PKCS12");
            });
  }

  @Test
  void aStoreNeedsExactlyOnePasswordSourceAndAKnownType() {
    List<ConfigProblem> problems =
        problemsOf(
            "kafka:\n  tls:\n    trust-store: {path: ca.p12, type: PEM, password-env: A}\n"
                + "    key-store: {path: client.p12}\n");

    assertThat(problems)
        .extracting(ConfigProblem::setting)
        .contains("kafka.tls.trust-store.type", "kafka.tls.key-store");
  }

  @Test
  void plaintextIsAllowedPerConnectionOnlyNotForAll() {
    List<ConfigProblem> problems = problemsOf("tls:\n  allow-plaintext: true\n");

    assertThat(problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.setting()).isEqualTo("tls.allow-plaintext");
              assertThat(p.fix()).contains("gateways[0].tls.allow-plaintext");
            });
  }

  @Test
  void httpToAGatewayOnAnotherMachineIsRefusedWithoutOptIn() {
    List<ConfigProblem> problems = problemsOf(gateway("http://caddy.internal:2019", null));

    assertThat(problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.setting()).isEqualTo("gateways[0].admin-url");
              assertThat(p.problem()).contains("http://caddy.internal:2019");
              assertThat(p.fix()).contains("gateways[0].tls.allow-plaintext: true");
            });
  }

  @Test
  void httpToAGatewayOnAnotherMachineWithOptInIsAcceptedAndWarned() {
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    Logger guardLog = (Logger) LoggerFactory.getLogger(PlaintextGuard.class);
    guardLog.addAppender(logged);
    try {
      parse(gateway("http://caddy.internal:2019", "{allow-plaintext: true}"));
    } finally {
      guardLog.detachAppender(logged);
    }

    assertThat(logged.list)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getLevel().toString()).isEqualTo("WARN");
              assertThat(event.getFormattedMessage())
                  .contains("gateways[0].admin-url")
                  .contains("http://caddy.internal:2019");
            });
  }

  @Test
  void loopbackHttpNeedsNoOptIn() {
    assertThat(parse(gateway("http://127.0.0.1:2019", null)).gateways()).hasSize(1);
  }

  @Test
  void externalKafkaWithoutTlsOnAnotherMachineIsRefusedAndWithTheTlsSectionUsesSsl() {
    String kafka = "kafka: {mode: external, bootstrap-servers: 'kafka-1:9093'}\n";

    assertThat(problemsOf(kafka))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.setting()).isEqualTo("kafka.bootstrap-servers");
              assertThat(p.fix()).contains("kafka.tls.allow-plaintext: true");
            });

    GatevaultConfig withTls = parse(kafka + "tls:\n  trust-store: " + trustStore() + "\n");
    assertThat(withTls.tls().kafkaUsesTls(withTls.kafka())).isTrue();
  }

  @Test
  void plainHttpRegistryS3AndKmsEndpointsOnOtherMachinesAreRefused() {
    List<ConfigProblem> problems =
        problemsOf(
            "registry: {mode: external, url: 'http://registry.internal:8081'}\n"
                + "keyring:\n  kms: {endpoint: 'http://kms.internal:4566'}\n");

    assertThat(problems)
        .extracting(ConfigProblem::setting)
        .contains("registry.url", "keyring.kms.endpoint");
  }
}

package io.gatevault.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class PlaintextGuardTest {

  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger guardLog = (Logger) LoggerFactory.getLogger(PlaintextGuard.class);

  @BeforeEach
  void captureLog() {
    logged.start();
    guardLog.addAppender(logged);
  }

  @AfterEach
  void releaseLog() {
    guardLog.detachAppender(logged);
  }

  @Test
  void httpToAnotherMachineIsRefusedNamingTheConnectionAndTheOptIn() {
    TlsSettings tls = TlsSettings.jvmDefaults("gateways[0].tls");

    assertThatThrownBy(
            () ->
                PlaintextGuard.checkUrl(
                    "gateways[0].admin-url", URI.create("http://caddy.internal:2019"), tls))
        .isInstanceOf(PlaintextRefusedException.class)
        .hasMessageStartingWith("gateways[0].admin-url: http://caddy.internal:2019 is http://")
        .hasMessageContaining("set gateways[0].tls.allow-plaintext: true");
    assertThatThrownBy(
            () -> PlaintextGuard.checkUrl("registry.url", URI.create("http://10.0.0.5:8081"), tls))
        .isInstanceOf(PlaintextRefusedException.class);
  }

  @Test
  void httpToAnotherMachineWithTheOptInIsAllowedAndLoggedAsAWarning() {
    TlsSettings tls = TlsSettings.jvmDefaults("gateways[0].tls").withAllowPlaintext(true);

    PlaintextGuard.checkUrl("gateways[0].admin-url", URI.create("http://caddy.internal:2019"), tls);

    assertThat(logged.list)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getLevel().toString()).isEqualTo("WARN");
              assertThat(event.getFormattedMessage())
                  .contains("gateways[0].tls.allow-plaintext")
                  .contains("gateways[0].admin-url")
                  .contains("http://caddy.internal:2019");
            });
  }

  @Test
  void loopbackAndHttpsPassWithoutOptInOrWarning() {
    TlsSettings tls = TlsSettings.jvmDefaults("tls");

    assertThatCode(
            () -> {
              PlaintextGuard.checkUrl("a", URI.create("http://127.0.0.1:2019"), tls);
              PlaintextGuard.checkUrl("a", URI.create("http://127.1.2.3:2019"), tls);
              PlaintextGuard.checkUrl("a", URI.create("http://localhost:2019"), tls);
              PlaintextGuard.checkUrl("a", URI.create("http://[::1]:2019"), tls);
              PlaintextGuard.checkUrl("a", URI.create("https://caddy.internal:2019"), tls);
              PlaintextGuard.checkKafka("kafka", "127.0.0.1:9092,localhost:9093", tls);
            })
        .doesNotThrowAnyException();
    assertThat(logged.list).isEmpty();
  }

  @Test
  void kafkaPlaintextToAnotherMachineIsRefusedUnlessAllowed() {
    assertThatThrownBy(
            () ->
                PlaintextGuard.checkKafka(
                    "kafka.bootstrap-servers",
                    "127.0.0.1:9092,kafka-1:9092",
                    TlsSettings.jvmDefaults("kafka.tls")))
        .isInstanceOf(PlaintextRefusedException.class)
        .hasMessageContaining("kafka-1:9092 is Kafka PLAINTEXT")
        .hasMessageContaining("security.protocol SSL")
        .hasMessageContaining("kafka.tls.allow-plaintext: true");

    PlaintextGuard.checkKafka(
        "kafka.bootstrap-servers",
        "kafka-1:9092",
        TlsSettings.jvmDefaults("kafka.tls").withAllowPlaintext(true));
    assertThat(logged.list)
        .singleElement()
        .extracting(ILoggingEvent::getFormattedMessage)
        .asString()
        .contains("kafka-1:9092");
  }

  @Test
  void aHostNameIsNotTakenForLoopbackByResolvingIt() {
    assertThat(PlaintextGuard.isLoopback("localhost")).isTrue();
    assertThat(PlaintextGuard.isLoopback("127.0.0.1")).isTrue();
    assertThat(PlaintextGuard.isLoopback("0:0:0:0:0:0:0:1")).isTrue();
    assertThat(PlaintextGuard.isLoopback("10.1.2.3")).isFalse();
    assertThat(PlaintextGuard.isLoopback("loopback.example.com")).isFalse();
  }
}

package io.gatevault.stream;

import io.gatevault.tls.PlaintextGuard;
import io.gatevault.tls.TlsSettings;
import java.net.URI;
import java.util.Locale;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The plaintext guard for a service's own Kafka and schema-registry connections, so a service
 * started on its own (not from gatevault.yml, whose validator checks the same) refuses to talk
 * PLAINTEXT Kafka or http:// to a registry on another machine unless told it may: {@value
 * #KAFKA_OPT_IN} and {@value #REGISTRY_OPT_IN}. Loopback is always allowed.
 */
final class PlaintextConnections {

  static final String KAFKA_OPT_IN = "gatevault.tls.kafka.allow-plaintext";
  static final String REGISTRY_OPT_IN = "gatevault.tls.registry.allow-plaintext";

  private PlaintextConnections() {}

  static void check(Environment environment, KafkaConnection kafka) {
    Binder binder = Binder.get(environment);
    Object protocol = kafka.clientConfig().getOrDefault("security.protocol", "PLAINTEXT");
    if (String.valueOf(protocol).toUpperCase(Locale.ROOT).endsWith("PLAINTEXT")) {
      PlaintextGuard.checkKafka(
          "spring.cloud.stream.kafka.binder.brokers",
          kafka.bootstrapServers(),
          optIn("gatevault.tls.kafka", binder.bind(KAFKA_OPT_IN, Boolean.class).orElse(false)));
    }
    String registryUrl = environment.getProperty("gatevault.registry.url");
    if (registryUrl != null && !registryUrl.isBlank()) {
      PlaintextGuard.checkUrl(
          "gatevault.registry.url",
          URI.create(registryUrl.strip()),
          optIn(
              "gatevault.tls.registry", binder.bind(REGISTRY_OPT_IN, Boolean.class).orElse(false)));
    }
  }

  private static TlsSettings optIn(String origin, boolean allowPlaintext) {
    return new TlsSettings(origin, null, null, TlsSettings.DEFAULT_PROTOCOLS, allowPlaintext);
  }
}

package io.gatevault.allinone.config;

import io.gatevault.tls.TlsSettings;
import java.util.Map;
import java.util.TreeMap;

/**
 * The TLS of {@code gatevault.yml}: the {@code tls:} section (the default for every outbound
 * connection) and the {@code tls:} blocks of single connections ({@code kafka.tls}, {@code
 * registry.tls}, {@code keyring.kms.tls}, {@code gateways[i].tls}, {@code storage.targets[i].tls})
 * that override it.
 *
 * @param defaults the {@code tls:} section, or null when absent
 * @param connections each connection's own block, by its setting ({@code gateways[0].tls})
 */
public record TlsConfig(TlsSettings defaults, Map<String, TlsSettings> connections) {

  /** No {@code tls:} anywhere: the JVM's trusted CAs, plaintext only to loopback. */
  public static final TlsConfig NONE = new TlsConfig(null, Map.of());

  public TlsConfig {
    connections = Map.copyOf(new TreeMap<>(connections));
  }

  /**
   * The settings of the connection whose own block is at {@code origin} (e.g. {@code
   * gateways[0].tls}): its own block over the defaults.
   */
  public TlsSettings forConnection(String origin) {
    return TlsSettings.merge(defaults, connections.get(origin), origin);
  }

  /** Whether TLS was configured for this connection, by the defaults or its own block. */
  public boolean configuredFor(String origin) {
    return defaults != null || connections.containsKey(origin);
  }

  /**
   * Whether an external Kafka is reached over SSL: when a {@code tls:} section or {@code kafka.tls}
   * exists and {@code kafka.tls.allow-plaintext} is not true.
   */
  public boolean kafkaUsesTls(GatevaultConfig.KafkaSettings kafka) {
    return kafka.mode().equals("external")
        && configuredFor("kafka.tls")
        && !forConnection("kafka.tls").allowPlaintext();
  }
}

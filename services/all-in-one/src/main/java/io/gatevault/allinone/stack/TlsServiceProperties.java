package io.gatevault.allinone.stack;

import io.gatevault.allinone.config.GatevaultConfig;
import io.gatevault.allinone.config.TlsConfig;
import io.gatevault.tls.KafkaTlsProperties;
import io.gatevault.tls.StoreFile;
import io.gatevault.tls.TlsProperties;
import io.gatevault.tls.TlsSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code tls:} settings of gatevault.yml as the properties a service reads when it runs alone:
 *
 * <ul>
 *   <li>Kafka over SSL: {@code spring.cloud.stream.kafka.binder.configuration.security.protocol},
 *       {@code ssl.truststore.*}, {@code ssl.keystore.*}, {@code ssl.enabled.protocols}: the binder
 *       gives them to every producer, consumer and admin client, and Gatevault's own clients read
 *       them through {@code KafkaConnection}.
 *   <li>The schema registry over https: {@code schema.registry.ssl.*} (Confluent's names) in the
 *       same binder configuration, which reaches the Avro serde's registry client.
 *   <li>Gateways, storage targets and KMS: {@link TlsProperties} under {@code
 *       gatevault.tls.gateways.<id>}, {@code gatevault.tls.targets.<id>} and {@code
 *       gatevault.tls.keyring-kms}.
 * </ul>
 */
final class TlsServiceProperties {

  static final String BINDER_CONFIGURATION = "spring.cloud.stream.kafka.binder.configuration.";

  private TlsServiceProperties() {}

  static Map<String, Object> forService(
      GatevaultConfig config, String service, Function<String, String> environment) {
    Map<String, Object> properties = new LinkedHashMap<>();
    TlsConfig tls = config.tls();
    if (tls.kafkaUsesTls(config.kafka())) {
      KafkaTlsProperties.of(tls.forConnection("kafka.tls"), environment)
          .forEach((key, value) -> properties.put(BINDER_CONFIGURATION + key, value));
    }
    // A service checks its own Kafka and registry connections too (stream-support's
    // PlaintextConnections): pass on the opt-ins gatevault.yml's validator accepted.
    if (tls.forConnection("kafka.tls").allowPlaintext()) {
      properties.put("gatevault.tls.kafka.allow-plaintext", "true");
    }
    if (tls.forConnection("registry.tls").allowPlaintext()) {
      properties.put("gatevault.tls.registry.allow-plaintext", "true");
    }
    if (config.registry().mode().equals("external") && tls.configuredFor("registry.tls")) {
      registry(tls.forConnection("registry.tls"), environment)
          .forEach((key, value) -> properties.put(BINDER_CONFIGURATION + key, value));
    }
    if (service.equals("capture") || service.equals("restore")) {
      var gateways = config.gateways();
      for (int i = 0; i < gateways.size(); i++) {
        String origin = "gateways[" + i + "].tls";
        if (tls.configuredFor(origin)) {
          properties.putAll(
              TlsProperties.write(
                  "gatevault.tls.gateways." + gateways.get(i).id(), tls.forConnection(origin)));
        }
      }
    }
    if (usesTargets(service)) {
      var targets = config.targets();
      for (int i = 0; i < targets.size(); i++) {
        String origin = "storage.targets[" + i + "].tls";
        if (targets.get(i).type().equals("s3") && tls.configuredFor(origin)) {
          properties.putAll(
              TlsProperties.write(
                  "gatevault.tls.targets." + targets.get(i).id(), tls.forConnection(origin)));
        }
      }
    }
    if (usesKeyring(service)
        && config.keyring().kms().configured()
        && tls.configuredFor("keyring.kms.tls")) {
      properties.putAll(
          TlsProperties.write("gatevault.tls.keyring-kms", tls.forConnection("keyring.kms.tls")));
    }
    return properties;
  }

  /** The registry client's TLS under the serde's (Confluent's) names. */
  static Map<String, String> registry(TlsSettings settings, Function<String, String> environment) {
    Map<String, String> properties = new LinkedHashMap<>();
    String origin = settings.origin();
    StoreFile trust = settings.trustStore();
    if (trust != null) {
      properties.put("schema.registry.ssl.truststore.location", trust.path().toString());
      properties.put("schema.registry.ssl.truststore.type", trust.type().name());
      properties.put(
          "schema.registry.ssl.truststore.password",
          new String(trust.password().resolve(origin + ".trust-store", environment)));
    }
    StoreFile key = settings.keyStore();
    if (key != null) {
      properties.put("schema.registry.ssl.keystore.location", key.path().toString());
      properties.put("schema.registry.ssl.keystore.type", key.type().name());
      properties.put(
          "schema.registry.ssl.keystore.password",
          new String(key.password().resolve(origin + ".key-store", environment)));
    }
    properties.put("schema.registry.ssl.enabled.protocols", String.join(",", settings.protocols()));
    return properties;
  }

  private static boolean usesTargets(String service) {
    return service.equals("replicate")
        || service.equals("verify")
        || service.equals("prune")
        || service.equals("restore");
  }

  private static boolean usesKeyring(String service) {
    return service.equals("encrypt") || service.equals("verify") || service.equals("restore");
  }
}

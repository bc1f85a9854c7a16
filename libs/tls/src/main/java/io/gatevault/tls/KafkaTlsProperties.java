package io.gatevault.tls;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * {@link TlsSettings} as Kafka client properties ({@code security.protocol=SSL}, {@code
 * ssl.truststore.*}, {@code ssl.keystore.*}, {@code ssl.enabled.protocols}, {@code ssl.protocol}),
 * for the binder, producers, consumers and admin clients. Kafka reads the stores itself, so the
 * passwords are resolved here and travel as (in-process) properties.
 */
public final class KafkaTlsProperties {

  private KafkaTlsProperties() {}

  /**
   * The client properties for a TLS connection with {@code settings}. Loads the stores first so a
   * wrong path or password is reported with the setting's name instead of by Kafka later.
   */
  public static Map<String, String> of(TlsSettings settings, Function<String, String> environment) {
    TlsMaterial material = TlsMaterial.load(settings, environment);
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("security.protocol", "SSL");
    properties.put("ssl.enabled.protocols", String.join(",", material.protocols()));
    // The context's protocol: TLSv1.3 where offered, so it is negotiated when the broker has it.
    properties.put("ssl.protocol", material.protocols().get(0));
    if (settings.trustStore() != null) {
      StoreFile trust = settings.trustStore();
      properties.put("ssl.truststore.location", trust.path().toAbsolutePath().toString());
      properties.put("ssl.truststore.type", trust.type().name());
      properties.put(
          "ssl.truststore.password",
          new String(trust.password().resolve(settings.origin() + ".trust-store", environment)));
    }
    if (settings.keyStore() != null) {
      StoreFile key = settings.keyStore();
      String password =
          new String(key.password().resolve(settings.origin() + ".key-store", environment));
      properties.put("ssl.keystore.location", key.path().toAbsolutePath().toString());
      properties.put("ssl.keystore.type", key.type().name());
      properties.put("ssl.keystore.password", password);
      properties.put("ssl.key.password", password);
    }
    return properties;
  }
}

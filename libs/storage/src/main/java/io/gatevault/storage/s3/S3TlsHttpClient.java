package io.gatevault.storage.s3;

import io.gatevault.tls.PlaintextGuard;
import io.gatevault.tls.TlsMaterial;
import io.gatevault.tls.TlsSettings;
import java.net.URI;
import java.time.Duration;
import java.util.function.Function;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import software.amazon.awssdk.http.apache.ApacheHttpClient;

/**
 * The S3 client's HTTP transport with a target's TLS settings: the trust store's CAs and the client
 * certificate go in through the SDK's {@code TlsTrustManagersProvider} and {@code
 * TlsKeyManagersProvider}; configured protocols other than the JVM's defaults go in through a
 * socket factory built from the same {@link TlsMaterial} (the SDK has no protocol setting).
 */
final class S3TlsHttpClient {

  private S3TlsHttpClient() {}

  /** The HTTP client every S3 target uses when nothing about TLS is configured. */
  static ApacheHttpClient.Builder plain() {
    return ApacheHttpClient.builder()
        .connectionTimeout(Duration.ofSeconds(10))
        .socketTimeout(Duration.ofSeconds(60))
        .maxConnections(16);
  }

  /**
   * The HTTP client for a target with {@code tls}, after the plaintext guard checked its endpoint.
   *
   * @param connection the endpoint's setting, e.g. {@code storage.targets[3].s3.endpoint}
   * @throws io.gatevault.tls.TlsConfigurationException naming the setting and the fix
   */
  static ApacheHttpClient.Builder withTls(
      String connection,
      S3TargetSettings settings,
      TlsSettings tls,
      Function<String, String> environment) {
    if (settings.endpoint() != null && !settings.endpoint().isBlank()) {
      PlaintextGuard.checkUrl(connection, URI.create(settings.endpoint().trim()), tls);
    }
    ApacheHttpClient.Builder builder = plain();
    if (tls.usesJvmTrust() && tls.protocols().equals(TlsSettings.DEFAULT_PROTOCOLS)) {
      return builder;
    }
    TlsMaterial material = TlsMaterial.load(tls, environment);
    builder
        .tlsTrustManagersProvider(material::trustManagers)
        .tlsKeyManagersProvider(material::keyManagers);
    if (!tls.protocols().equals(TlsSettings.DEFAULT_PROTOCOLS)) {
      builder.socketFactory(
          new SSLConnectionSocketFactory(
              material.context(),
              material.protocols().toArray(String[]::new),
              null,
              SSLConnectionSocketFactory.getDefaultHostnameVerifier()));
    }
    return builder;
  }
}

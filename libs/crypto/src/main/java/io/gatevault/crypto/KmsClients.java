package io.gatevault.crypto;

import io.gatevault.tls.PlaintextGuard;
import io.gatevault.tls.TlsMaterial;
import io.gatevault.tls.TlsSettings;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The one place a {@link KmsClient} is built from {@link KmsKeySettings}: Region, endpoint
 * override, credentials, timeouts and TLS ({@link TlsSettings}). The SDK does not retry: a KMS that
 * does not answer is a {@link KeyringUnavailableException}, retried by the caller's one retry
 * layer.
 */
public final class KmsClients {

  /** Where KMS TLS settings live in gatevault.yml, for messages. */
  public static final String TLS_ORIGIN = "keyring.kms.tls";

  private final UnaryOperator<String> environment;
  private final TlsSettings tls;

  /** Reads credential environment variables from the process environment. */
  public KmsClients() {
    this(System::getenv);
  }

  /** Reads credential environment variables through {@code environment} (tests pass a map). */
  public KmsClients(UnaryOperator<String> environment) {
    this(environment, TlsSettings.jvmDefaults(TLS_ORIGIN));
  }

  /**
   * As {@link #KmsClients(UnaryOperator)}, with TLS as configured: the trust store's CAs and a
   * client certificate go to the SDK's Apache HTTP client through its trust and key manager
   * providers, protocols other than the defaults through a socket factory from the same {@link
   * TlsMaterial}; an http:// endpoint on another machine needs {@code allow-plaintext}.
   */
  public KmsClients(UnaryOperator<String> environment, TlsSettings tls) {
    this.environment = environment;
    this.tls = tls;
  }

  /**
   * A client for the KMS of {@code region} (null: the configured Region, else that of the primary
   * key ARN).
   *
   * @throws KeystoreUnusableException when no Region is known or credential variables are unset
   */
  public KmsClient client(KmsKeySettings settings, String region) {
    String chosen = region;
    if (chosen == null || chosen.isBlank()) {
      chosen =
          settings.region() != null && !settings.region().isBlank()
              ? settings.region().trim()
              : KmsKeySettings.regionOf(settings.keyArn());
    }
    if (chosen == null || chosen.isBlank()) {
      throw new KeystoreUnusableException(
          "gatevault.keyring.kms.region is not set and the key ARN names no Region: set the"
              + " KMS Region, e.g. eu-west-1");
    }
    if (settings.endpoint() != null) {
      PlaintextGuard.checkUrl("keyring.kms.endpoint", settings.endpoint(), tls);
    }
    var builder =
        KmsClient.builder()
            .region(Region.of(chosen))
            .credentialsProvider(credentials(settings))
            .httpClientBuilder(httpClient())
            .overrideConfiguration(
                c ->
                    c.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(Duration.ofSeconds(10))
                        .apiCallTimeout(Duration.ofSeconds(15)));
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
    }
    return builder.build();
  }

  private ApacheHttpClient.Builder httpClient() {
    ApacheHttpClient.Builder http =
        ApacheHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(10))
            .socketTimeout(Duration.ofSeconds(15));
    boolean defaultProtocols = tls.protocols().equals(TlsSettings.DEFAULT_PROTOCOLS);
    if (tls.usesJvmTrust() && defaultProtocols) {
      return http;
    }
    TlsMaterial material = TlsMaterial.load(tls, environment);
    http.tlsTrustManagersProvider(material::trustManagers)
        .tlsKeyManagersProvider(material::keyManagers);
    if (!defaultProtocols) {
      http.socketFactory(
          new SSLConnectionSocketFactory(
              material.context(),
              material.protocols().toArray(String[]::new),
              null,
              SSLConnectionSocketFactory.getDefaultHostnameVerifier()));
    }
    return http;
  }

  private AwsCredentialsProvider credentials(KmsKeySettings settings) {
    if (settings.accessKeyEnv() != null && !settings.accessKeyEnv().isBlank()) {
      String accessKey = environment.apply(settings.accessKeyEnv().trim());
      String secretKey =
          settings.secretKeyEnv() == null || settings.secretKeyEnv().isBlank()
              ? null
              : environment.apply(settings.secretKeyEnv().trim());
      if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
        throw new KeystoreUnusableException(
            "Environment variables "
                + settings.accessKeyEnv()
                + " and "
                + settings.secretKeyEnv()
                + " (gatevault.keyring.kms.access-key-env / secret-key-env) must both be set:"
                + " export the access key id and secret access key, or remove the settings to use"
                + " the default credential chain");
      }
      return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
    }
    if (settings.credentialsProfile() != null && !settings.credentialsProfile().isBlank()) {
      return ProfileCredentialsProvider.create(settings.credentialsProfile().trim());
    }
    return DefaultCredentialsProvider.builder().build();
  }
}

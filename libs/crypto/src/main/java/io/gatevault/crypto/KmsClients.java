package io.gatevault.crypto;

import java.time.Duration;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The one place a {@link KmsClient} is built from {@link KmsKeySettings}: Region, endpoint
 * override, credentials and timeouts (TLS settings belong here too). The SDK does not retry: a KMS
 * that does not answer is a {@link KeyringUnavailableException}, retried by the caller's one retry
 * layer.
 */
public final class KmsClients {

  private final UnaryOperator<String> environment;

  /** Reads credential environment variables from the process environment. */
  public KmsClients() {
    this(System::getenv);
  }

  /** Reads credential environment variables through {@code environment} (tests pass a map). */
  public KmsClients(UnaryOperator<String> environment) {
    this.environment = environment;
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
    var builder =
        KmsClient.builder()
            .region(Region.of(chosen))
            .credentialsProvider(credentials(settings))
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

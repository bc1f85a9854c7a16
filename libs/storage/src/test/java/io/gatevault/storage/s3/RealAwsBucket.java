package io.gatevault.storage.s3;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The real AWS bucket of the opt-in tests: {@code GATEVAULT_TEST_S3_BUCKET} (and {@code
 * GATEVAULT_TEST_S3_REGION}, default {@code AWS_REGION} or us-east-1) with credentials from the
 * default chain. Tests using it are skipped, with the reason, when either is missing.
 */
final class RealAwsBucket {

  static final String BUCKET = System.getenv("GATEVAULT_TEST_S3_BUCKET");
  static final String REGION =
      firstSet(System.getenv("GATEVAULT_TEST_S3_REGION"), System.getenv("AWS_REGION"), "us-east-1");

  private RealAwsBucket() {}

  /** Skips the calling test unless a bucket and AWS credentials are configured. */
  static void assumeConfigured() {
    assumeTrue(
        BUCKET != null && !BUCKET.isBlank(),
        "real-AWS test skipped: set GATEVAULT_TEST_S3_BUCKET (and AWS credentials) to run it");
    assumeTrue(
        credentialsResolve(),
        "real-AWS test skipped: no AWS credentials in the default chain (env, profile, role)");
  }

  /** Skips the calling test unless the environment variable {@code name} is set too. */
  static String assumeSet(String name, String why) {
    String value = System.getenv(name);
    assumeTrue(value != null && !value.isBlank(), "real-AWS test skipped: set " + name + " " + why);
    return value;
  }

  /** Settings for a fresh prefix of {@code bucket}, so runs never see each other's objects. */
  static S3TargetSettings settings(String bucket) {
    return S3TargetSettings.of(bucket, REGION).withPrefix("gatevault-it/" + UUID.randomUUID());
  }

  static S3Client client() {
    return S3BackupStore.clientFor(S3TargetSettings.of(BUCKET, REGION), credentials());
  }

  static AwsCredentialsProvider credentials() {
    return DefaultCredentialsProvider.builder().build();
  }

  private static boolean credentialsResolve() {
    try {
      credentials().resolveCredentials();
      return true;
    } catch (SdkClientException e) {
      return false;
    }
  }

  private static String firstSet(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }
}

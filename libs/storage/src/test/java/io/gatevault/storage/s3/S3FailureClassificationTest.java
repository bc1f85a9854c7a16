package io.gatevault.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.core.event.StorageMedium;
import io.gatevault.core.storage.BackupStoreException;
import io.gatevault.core.storage.StorageUnavailableException;
import io.gatevault.core.storage.TargetDescription;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * How S3 answers the real server tests cannot provoke (throttling, 5xx, redirects, archived
 * objects) are classified; the ones it can (403, missing bucket, refused connection) are in
 * S3BackupStoreIT.
 */
class S3FailureClassificationTest {

  private static final String KEY = "v1/prod/caddy-1/manifests/a.json";

  private final S3BackupStore store =
      new S3BackupStore(
          new TargetDescription("s3-offsite", StorageMedium.OBJECT_STORE, "eu-west-1", true, true),
          S3TargetSettings.of("gatevault-backups", "eu-west-1").withStorageClass("DEEP_ARCHIVE"),
          S3BackupStore.clientFor(
              S3TargetSettings.of("gatevault-backups", "eu-west-1"),
              AnonymousCredentialsProvider.create()));

  @AfterEach
  void close() {
    store.close();
  }

  private static S3Exception answer(int status, String code) {
    return (S3Exception)
        S3Exception.builder()
            .statusCode(status)
            .message(code)
            .awsErrorDetails(
                AwsErrorDetails.builder().errorCode(code).errorMessage("says " + code).build())
            .build();
  }

  @ParameterizedTest
  @CsvSource({
    "503, SlowDown",
    "500, InternalError",
    "503, ServiceUnavailable",
    "429, TooManyRequests",
    "400, RequestTimeout",
    "409, ConditionalRequestConflict"
  })
  void throttlingAndServerTroubleAreRetriable(int status, String code) {
    BackupStoreException failure = store.failure(KEY, "writing", answer(status, code));
    assertThat(failure).isInstanceOf(StorageUnavailableException.class);
    assertThat(failure.isRetriable()).isTrue();
    assertThat(failure.getMessage())
        .contains("s3-offsite", "s3://gatevault-backups/" + KEY, code, "trying again later");
  }

  @ParameterizedTest
  @CsvSource({
    "403, AccessDenied, check the credentials",
    "400, ExpiredToken, check the credentials",
    "404, NoSuchBucket, bucket 'gatevault-backups' does not exist",
    "301, PermanentRedirect, fix the target's s3.region setting",
    "400, AuthorizationHeaderMalformed, fix the target's s3.region setting",
    "501, NotImplemented, does not implement a feature",
    "403, InvalidObjectState, must be restored (S3 RestoreObject)",
    "400, InvalidArgument, check the target's s3 settings"
  })
  void requestsThatCannotSucceedArePermanentAndSayWhatToFix(int status, String code, String fix) {
    BackupStoreException failure = store.failure(KEY, "writing", answer(status, code));
    assertThat(failure).isNotInstanceOf(StorageUnavailableException.class);
    assertThat(failure.isRetriable()).isFalse();
    assertThat(failure.getMessage()).contains("s3-offsite", KEY, fix);
  }

  @Test
  void onlyAConnectionTheServerHadClosedIsResentBySdk() {
    assertThat(
            S3BackupStore.isStaleConnection(
                SdkClientException.create(
                    "Unable to execute HTTP request", new java.net.SocketException("Broken pipe"))))
        .isTrue();
    assertThat(
            S3BackupStore.isStaleConnection(
                SdkClientException.create(
                    "Unable to execute HTTP request",
                    new org.apache.http.NoHttpResponseException("failed to respond"))))
        .isTrue();
    assertThat(
            S3BackupStore.isStaleConnection(
                SdkClientException.create(
                    "Unable to execute HTTP request",
                    new java.net.ConnectException("Connection refused"))))
        .isFalse();
    assertThat(
            S3BackupStore.isStaleConnection(
                SdkClientException.create("Read timed out", new SocketTimeoutException("timeout"))))
        .isFalse();
    assertThat(S3BackupStore.isStaleConnection(answer(503, "SlowDown"))).isFalse();
  }

  @Test
  void aTimeoutIsRetriable() {
    BackupStoreException failure =
        store.failure(
            KEY,
            "reading",
            SdkClientException.create("Read timed out", new SocketTimeoutException("timeout")));
    assertThat(failure.isRetriable()).isTrue();
    assertThat(failure.getMessage()).contains("eu-west-1", "Read timed out");
  }
}

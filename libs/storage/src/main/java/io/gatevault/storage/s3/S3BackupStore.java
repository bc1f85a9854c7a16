package io.gatevault.storage.s3;

import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.BackupStoreException;
import io.gatevault.core.storage.ChecksumMismatchException;
import io.gatevault.core.storage.InvalidObjectKeyException;
import io.gatevault.core.storage.ObjectConflictException;
import io.gatevault.core.storage.ObjectKeySyntax;
import io.gatevault.core.storage.ObjectNotFoundException;
import io.gatevault.core.storage.ObjectStat;
import io.gatevault.core.storage.Sha256;
import io.gatevault.core.storage.StorageUnavailableException;
import io.gatevault.core.storage.TargetDescription;
import io.gatevault.tls.TlsSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Tagging;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * A backup target in an S3 bucket (AWS S3 or any S3-compatible server), through the AWS SDK v2
 * synchronous client.
 *
 * <p>Writes are write-once like the filesystem target's: an existing key with the same SHA-256 is a
 * no-op, with another SHA-256 an {@link ObjectConflictException}. The write itself is conditional
 * ({@code If-None-Match: *}) where the server supports it, so two racing writers cannot both win;
 * where a server refuses the condition, the store falls back to checking before and after the
 * write. The full-object SHA-256 is computed while the source is read, compared with the expected
 * one before the object is completed (nothing becomes visible on a mismatch), sent as the S3
 * checksum of the object (or of each part) so the server checks the bytes it received, and recorded
 * in the object's metadata ({@value #SHA256_METADATA}) so that every read is checked against it.
 *
 * <p>Objects up to {@value #MULTIPART_THRESHOLD} bytes go in one request; larger ones as a
 * multipart upload of {@value #PART_SIZE}-byte parts read one at a time from the source (memory
 * stays near threshold + one part per writer), aborted on any failure so no parts linger.
 *
 * <p>Failures are classified: throttling, 5xx, timeouts and connection problems are retriable
 * ({@link StorageUnavailableException}); access denied, a missing bucket, a wrong region and
 * invalid requests are permanent, with a message naming the target, the bucket, the key and the
 * setting to fix. The store never retries by itself (the SDK's retries are off but for one resend
 * on a connection the server had closed, see {@link #resendOnStaleConnection()}): retries live in
 * one layer, the caller's.
 */
public final class S3BackupStore implements BackupStore, AutoCloseable {

  /** User metadata holding the lower-case hex SHA-256 of the whole object. */
  public static final String SHA256_METADATA = "gatevault-sha256";

  /** Objects larger than this go as multipart uploads. */
  public static final int MULTIPART_THRESHOLD = 16 * 1024 * 1024;

  /** Size of every part but the last. */
  public static final int PART_SIZE = 8 * 1024 * 1024;

  /** Largest object sent in one streamed PUT when its length is known (S3 allows 5 GiB). */
  public static final long SINGLE_PUT_MAX = 1024L * 1024 * 1024;

  /** S3 allows at most 10 tags per object. */
  private static final int MAX_TAGS = 10;

  private final TargetDescription description;
  private final S3TargetSettings settings;
  private final S3Client client;
  private final String bucket;
  private final String rootPrefix;
  private volatile boolean conditionalWrites = true;
  private volatile boolean bucketSeen;
  private volatile boolean objectTagging = true;

  /**
   * A store using {@code client} (already configured with endpoint, region and credentials).
   *
   * @throws IllegalArgumentException when the settings are unusable (see {@link #problems})
   */
  public S3BackupStore(TargetDescription description, S3TargetSettings settings, S3Client client) {
    List<String> problems = problems(settings, "s3", System::getenv, false);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "S3 target '" + description.targetId() + "': " + String.join("; ", problems));
    }
    this.description = description;
    this.settings = settings;
    this.client = client;
    this.bucket = settings.bucket().trim();
    String prefix = settings.prefix() == null ? "" : settings.prefix().trim();
    this.rootPrefix = prefix.isEmpty() ? "" : prefix + "/";
  }

  /** A store with its own client built from {@code settings} (credentials as configured). */
  public static S3BackupStore connect(TargetDescription description, S3TargetSettings settings) {
    return connect(description, settings, System::getenv);
  }

  /**
   * As {@link #connect(TargetDescription, S3TargetSettings)}, reading the environment variables
   * named by the settings from {@code environment}.
   */
  public static S3BackupStore connect(
      TargetDescription description,
      S3TargetSettings settings,
      Function<String, String> environment) {
    return new S3BackupStore(
        description, settings, clientFor(settings, credentialsFor(settings, environment)));
  }

  /**
   * An S3 client for {@code settings}: its region, endpoint and addressing, an Apache HTTP client
   * with bounded timeouts, no SDK retries, and checksums only where this store sends them.
   */
  public static S3Client clientFor(S3TargetSettings settings, AwsCredentialsProvider credentials) {
    return clientFor(settings, credentials, S3TlsHttpClient.plain());
  }

  /**
   * As {@link #clientFor(S3TargetSettings, AwsCredentialsProvider)}, over TLS with {@code tls}
   * (trust store, client certificate, protocols); an http:// endpoint on another machine is refused
   * unless {@code tls} allows plaintext.
   *
   * @param connection the endpoint's setting, e.g. {@code storage.targets[3].s3.endpoint}
   * @throws io.gatevault.tls.TlsConfigurationException naming the setting and the fix
   */
  public static S3Client clientFor(
      S3TargetSettings settings,
      AwsCredentialsProvider credentials,
      String connection,
      TlsSettings tls,
      Function<String, String> environment) {
    return clientFor(
        settings, credentials, S3TlsHttpClient.withTls(connection, settings, tls, environment));
  }

  private static S3Client clientFor(
      S3TargetSettings settings,
      AwsCredentialsProvider credentials,
      ApacheHttpClient.Builder httpClient) {
    var builder =
        S3Client.builder()
            .region(Region.of(settings.region().trim()))
            .credentialsProvider(credentials)
            .forcePathStyle(settings.pathStyle())
            .httpClientBuilder(httpClient)
            .overrideConfiguration(o -> o.retryStrategy(resendOnStaleConnection()))
            // This store computes and sends the SHA-256 itself; the SDK adds no other checksum.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_SUPPORTED);
    if (settings.endpoint() != null && !settings.endpoint().isBlank()) {
      builder.endpointOverride(URI.create(settings.endpoint().trim()));
    }
    return builder.build();
  }

  /**
   * The SDK does not retry: retries live in one layer, the caller's. The one exception is a request
   * that failed on a pooled connection the server had already closed (broken pipe, reset, no
   * response: seen with S3Proxy, and with any server closing keep-alive connections): it is sent
   * once more at once, on a new connection. That is not a failure of the target, every write here
   * is idempotent (write-once, same key and bytes), and a target that is really down fails the
   * second attempt too and is reported as retriable.
   */
  static RetryStrategy resendOnStaleConnection() {
    return StandardRetryStrategy.builder()
        .maxAttempts(2)
        .backoffStrategy(BackoffStrategy.retryImmediately())
        .retryOnException(S3BackupStore::isStaleConnection)
        .circuitBreakerEnabled(false)
        .build();
  }

  static boolean isStaleConnection(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof org.apache.http.NoHttpResponseException) {
        return true;
      }
      if (cause instanceof java.net.SocketException && cause.getMessage() != null) {
        String message = cause.getMessage();
        if (message.contains("Broken pipe") || message.contains("Connection reset")) {
          return true;
        }
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  /**
   * Credentials as configured: static keys from the named environment variables, else the named
   * profile, else the SDK's default chain (environment, system properties, profile, web identity,
   * container and instance roles).
   */
  public static AwsCredentialsProvider credentialsFor(
      S3TargetSettings settings, Function<String, String> environment) {
    if (notBlank(settings.accessKeyEnv())) {
      String accessKey = environment.apply(settings.accessKeyEnv().trim());
      String secretKey =
          notBlank(settings.secretKeyEnv())
              ? environment.apply(settings.secretKeyEnv().trim())
              : null;
      if (!notBlank(accessKey) || !notBlank(secretKey)) {
        throw new IllegalArgumentException(
            "environment variables "
                + settings.accessKeyEnv()
                + " and "
                + settings.secretKeyEnv()
                + " must both be set (access key id and secret access key)");
      }
      return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
    }
    if (notBlank(settings.credentialsProfile())) {
      return ProfileCredentialsProvider.create(settings.credentialsProfile().trim());
    }
    return DefaultCredentialsProvider.builder().build();
  }

  /**
   * What is wrong with {@code settings}, each problem naming the setting under {@code at} (e.g.
   * {@code gatevault.storage.targets[2].s3}); empty when usable.
   *
   * @param checkEnvironment also check that named environment variables are set
   */
  public static List<String> problems(
      S3TargetSettings settings,
      String at,
      Function<String, String> environment,
      boolean checkEnvironment) {
    List<String> problems = new ArrayList<>();
    if (settings == null) {
      problems.add(at + " is required for a target of type s3 (at least bucket and region)");
      return problems;
    }
    String bucketName = settings.bucket() == null ? "" : settings.bucket().trim();
    if (bucketName.isEmpty()) {
      problems.add(at + ".bucket is required (the bucket's name, which must exist)");
    } else if (!bucketName.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      problems.add(
          at
              + ".bucket '"
              + bucketName
              + "' is not a valid bucket name (3-63 lower-case letters, digits, '.' and '-')");
    }
    if (!notBlank(settings.region())) {
      problems.add(at + ".region is required (e.g. eu-west-1; us-east-1 for most local servers)");
    }
    if (notBlank(settings.prefix())) {
      String problem = ObjectKeySyntax.problemWith(settings.prefix().trim());
      if (problem != null) {
        problems.add(at + ".prefix '" + settings.prefix() + "' is invalid: " + problem);
      }
    }
    if (notBlank(settings.endpoint())) {
      try {
        URI uri = URI.create(settings.endpoint().trim());
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
            || uri.getHost() == null) {
          problems.add(
              at
                  + ".endpoint '"
                  + settings.endpoint()
                  + "' must be an http(s) URL such as https://s3.example.net or"
                  + " http://127.0.0.1:9000");
        }
      } catch (IllegalArgumentException e) {
        problems.add(
            at + ".endpoint '" + settings.endpoint() + "' is not a URL: " + e.getMessage());
      }
    }
    if (notBlank(settings.storageClass())
        && StorageClass.fromValue(settings.storageClass().trim().toUpperCase(Locale.ROOT))
            == StorageClass.UNKNOWN_TO_SDK_VERSION) {
      problems.add(
          at
              + ".storage-class '"
              + settings.storageClass()
              + "' is unknown; use one of "
              + StorageClass.knownValues());
    }
    boolean lockMode = notBlank(settings.objectLockMode());
    if (lockMode
        && ObjectLockMode.fromValue(settings.objectLockMode().trim().toUpperCase(Locale.ROOT))
            == ObjectLockMode.UNKNOWN_TO_SDK_VERSION) {
      problems.add(
          at
              + ".object-lock-mode '"
              + settings.objectLockMode()
              + "' is unknown; use GOVERNANCE or COMPLIANCE");
    }
    if (lockMode != (settings.objectLockDays() != null)) {
      problems.add(
          at
              + ".object-lock-mode and "
              + at
              + ".object-lock-days must be set together or not at all");
    }
    if (settings.objectLockDays() != null && settings.objectLockDays() < 1) {
      problems.add(at + ".object-lock-days must be at least 1, got " + settings.objectLockDays());
    }
    boolean accessKey = notBlank(settings.accessKeyEnv());
    if (accessKey != notBlank(settings.secretKeyEnv())) {
      problems.add(
          at
              + ".access-key-env and "
              + at
              + ".secret-key-env must be set together (names of"
              + " environment variables holding the key id and the secret)");
    } else if (accessKey && notBlank(settings.credentialsProfile())) {
      problems.add(
          at
              + ".credentials-profile and "
              + at
              + ".access-key-env are exclusive; pick the profile or the environment variables");
    } else if (accessKey && checkEnvironment) {
      for (String name : List.of(settings.accessKeyEnv().trim(), settings.secretKeyEnv().trim())) {
        if (!notBlank(environment.apply(name))) {
          problems.add(
              at + " names the environment variable " + name + ", which is not set or empty");
        }
      }
    }
    return problems;
  }

  @Override
  public TargetDescription describe() {
    return description;
  }

  /** The settings this store was built with. */
  public S3TargetSettings settings() {
    return settings;
  }

  @Override
  public ObjectStat put(String key, InputStream source, String expectedSha256) {
    return put(key, source, expectedSha256, Map.of());
  }

  /**
   * A source of known length up to {@value #SINGLE_PUT_MAX} bytes goes up in one streamed PUT (no
   * part buffers, no server-side reassembly) with its SHA-256 as the request's checksum, which the
   * server verifies; the bytes are hashed while streaming too, and a mismatch removes the object
   * again. Longer sources go up in parts.
   */
  @Override
  public ObjectStat put(String key, InputStream source, long length, String expectedSha256) {
    return put(key, source, length, expectedSha256, Map.of());
  }

  /**
   * Like {@link #put(String, InputStream, long, String)}, also storing {@code tags} as object tags
   * and metadata (see {@link #put(String, InputStream, String, Map)}). The one streamed PUT carries
   * them as metadata and the tags follow in a tagging request, so a server without object tagging
   * (501) never costs the upload: the tags then stay in the metadata only.
   */
  @Override
  public ObjectStat put(
      String key,
      InputStream source,
      long length,
      String expectedSha256,
      Map<String, String> tags) {
    if (length <= MULTIPART_THRESHOLD || length > SINGLE_PUT_MAX) {
      return put(key, source, expectedSha256, tags);
    }
    String objectKey = objectKey(key);
    try {
      Sha256.requireHex(expectedSha256, "expectedSha256");
    } catch (IllegalArgumentException e) {
      throw new InvalidObjectKeyException(targetId(), key, e.getMessage());
    }
    Optional<ObjectStat> existing = stat(key);
    if (existing.isPresent()) {
      return sameOrConflict(key, existing.get(), expectedSha256);
    }
    WriteOptions options = new WriteOptions(expectedSha256, tags == null ? Map.of() : tags);
    MessageDigest digest = Sha256.newDigest();
    boolean conditional = conditionalWrites;
    PutObjectRequest.Builder request =
        putRequest(
            objectKey, length, HexFormat.of().parseHex(expectedSha256), options, null, conditional);
    try {
      client.putObject(
          request.build(),
          RequestBody.fromInputStream(new DigestInputStream(source, digest), length));
    } catch (AwsServiceException e) {
      if (isPreconditionFailed(e)) {
        return sameOrConflict(key, stat(key).orElseThrow(), expectedSha256);
      }
      if (e.statusCode() == 501 || "NotImplemented".equals(errorCode(e))) {
        throw failure(key, "writing (this server needs the part-wise path)", e);
      }
      throw failure(key, "writing", e);
    } catch (SdkException e) {
      throw failure(key, "writing", e);
    }
    String actual = HexFormat.of().formatHex(digest.digest());
    if (!actual.equals(expectedSha256)) {
      delete(key);
      throw new ChecksumMismatchException(targetId(), key, expectedSha256, actual);
    }
    tagWrittenObject(key, objectKey, options.tags());
    return new ObjectStat(key, length, expectedSha256);
  }

  /**
   * Puts {@code tags} on an object just written by one streamed PUT. A server without object
   * tagging (501) is remembered; the tags are in the object's metadata already.
   */
  private void tagWrittenObject(String key, String objectKey, Map<String, String> tags) {
    Tagging tagging = objectTagging ? tagging(tags) : null;
    if (tagging == null) {
      return;
    }
    try {
      client.putObjectTagging(
          PutObjectTaggingRequest.builder().bucket(bucket).key(objectKey).tagging(tagging).build());
    } catch (AwsServiceException e) {
      if (!dropUnimplemented(e, true, false)) {
        throw failure(key, "tagging", e);
      }
    } catch (SdkException e) {
      throw failure(key, "tagging", e);
    }
  }

  /**
   * Writes {@code key} like {@link #put(String, InputStream, String)}, also storing {@code tags} (a
   * backup's tags: Environment, Application, Owner, ...) as S3 object tags and metadata. S3 keeps
   * at most 10 tags: the first 10 by name are kept; characters S3 does not allow in tags are
   * replaced by '_'.
   */
  public ObjectStat put(
      String key, InputStream source, String expectedSha256, Map<String, String> tags) {
    String objectKey = objectKey(key);
    try {
      Sha256.requireHex(expectedSha256, "expectedSha256");
    } catch (IllegalArgumentException e) {
      throw new InvalidObjectKeyException(targetId(), key, e.getMessage());
    }
    Optional<ObjectStat> existing = stat(key);
    if (existing.isPresent()) {
      return sameOrConflict(key, existing.get(), expectedSha256);
    }
    byte[] head;
    try {
      head = source.readNBytes(MULTIPART_THRESHOLD + 1);
    } catch (IOException e) {
      throw new StorageUnavailableException(
          targetId(), key, "reading the bytes to write failed: " + e, e);
    }
    WriteOptions options = new WriteOptions(expectedSha256, tags == null ? Map.of() : tags);
    if (head.length <= MULTIPART_THRESHOLD) {
      putSingle(key, objectKey, head, options);
    } else {
      putMultipart(
          key, objectKey, new SequenceInputStream(new ByteArrayInputStream(head), source), options);
    }
    return new ObjectStat(
        key,
        stat(key)
            .map(stored -> confirmOwnWrite(key, stored, expectedSha256).sizeBytes())
            .orElseThrow(
                () ->
                    new StorageUnavailableException(
                        targetId(),
                        key,
                        "the object was written to "
                            + location(key)
                            + " but cannot be found right after; the server may be inconsistent,"
                            + " try again",
                        null)),
        expectedSha256);
  }

  private record WriteOptions(String sha256, Map<String, String> tags) {}

  /**
   * A single PUT of {@code length} bytes with the target's storage class, SSE-KMS and object lock,
   * the SHA-256 as the request checksum (the server verifies it), and write-once when {@code
   * conditional}.
   */
  private PutObjectRequest.Builder putRequest(
      String objectKey,
      long length,
      byte[] sha256,
      WriteOptions options,
      Tagging tagging,
      boolean conditional) {
    PutObjectRequest.Builder request =
        PutObjectRequest.builder()
            .bucket(bucket)
            .key(objectKey)
            .contentLength(length)
            .checksumAlgorithm(ChecksumAlgorithm.SHA256)
            .checksumSHA256(Base64.getEncoder().encodeToString(sha256))
            .metadata(metadata(options));
    if (tagging != null) {
      request.tagging(tagging);
    }
    if (notBlank(settings.storageClass())) {
      request.storageClass(storageClass());
    }
    if (notBlank(settings.sseKmsKeyId())) {
      request
          .serverSideEncryption(ServerSideEncryption.AWS_KMS)
          .ssekmsKeyId(settings.sseKmsKeyId().trim());
    }
    if (notBlank(settings.objectLockMode())) {
      request.objectLockMode(lockMode()).objectLockRetainUntilDate(retainUntil());
    }
    if (conditional) {
      request.ifNoneMatch("*");
    }
    return request;
  }

  private void putSingle(String key, String objectKey, byte[] bytes, WriteOptions options) {
    byte[] digest = Sha256.newDigest().digest(bytes);
    String actual = HexFormat.of().formatHex(digest);
    if (!actual.equals(options.sha256())) {
      throw new ChecksumMismatchException(targetId(), key, options.sha256(), actual);
    }
    boolean tagInThePut = true;
    while (true) {
      boolean conditional = conditionalWrites;
      Tagging tagging = objectTagging && tagInThePut ? tagging(options.tags()) : null;
      PutObjectRequest.Builder request =
          putRequest(objectKey, bytes.length, digest, options, tagging, conditional);
      try {
        client.putObject(
            request.build(),
            RequestBody.fromInputStream(new ByteArrayInputStream(bytes), bytes.length));
        if (!tagInThePut) {
          tagWrittenObject(key, objectKey, options.tags());
        }
        return;
      } catch (AwsServiceException e) {
        if (isPreconditionFailed(e)) {
          return; // another writer got there first; put() compares what is stored now
        }
        if (!dropUnimplemented(e, tagging != null, conditional)) {
          throw failure(key, "writing", e);
        }
      } catch (SdkException e) {
        if (tagging == null || !isStaleConnection(e)) {
          throw failure(key, "writing", e);
        }
        // A server that refuses the tagging header (S3Proxy: 501 "Unknown header x-amz-tagging")
        // may answer before reading the body and close the connection, so the client sees a
        // broken pipe instead of the 501. Send the object once more without the header; its tags
        // follow in their own request, whose 501 is remembered.
        tagInThePut = false;
      }
    }
  }

  /**
   * Some S3-compatible servers answer 501 to object tagging or conditional writes. Tags are then
   * kept as metadata only, and write-once is checked before and after the write instead; true when
   * something was dropped and the request should be sent again.
   */
  private boolean dropUnimplemented(AwsServiceException e, boolean tagged, boolean conditional) {
    if (e.statusCode() != 501 && !"NotImplemented".equals(errorCode(e))) {
      return false;
    }
    if (tagged) {
      objectTagging = false;
      return true;
    }
    if (conditional) {
      conditionalWrites = false;
      return true;
    }
    return false;
  }

  /** Whether writes are still sent with If-None-Match (the server did not refuse it). */
  boolean writesConditionally() {
    return conditionalWrites;
  }

  private void putMultipart(
      String key, String objectKey, InputStream source, WriteOptions options) {
    String uploadId = null;
    while (uploadId == null) {
      Tagging tagging = objectTagging ? tagging(options.tags()) : null;
      CreateMultipartUploadRequest.Builder create =
          CreateMultipartUploadRequest.builder()
              .bucket(bucket)
              .key(objectKey)
              .checksumAlgorithm(ChecksumAlgorithm.SHA256)
              .metadata(metadata(options));
      if (tagging != null) {
        create.tagging(tagging);
      }
      if (notBlank(settings.storageClass())) {
        create.storageClass(storageClass());
      }
      if (notBlank(settings.sseKmsKeyId())) {
        create
            .serverSideEncryption(ServerSideEncryption.AWS_KMS)
            .ssekmsKeyId(settings.sseKmsKeyId().trim());
      }
      if (notBlank(settings.objectLockMode())) {
        create.objectLockMode(lockMode()).objectLockRetainUntilDate(retainUntil());
      }
      try {
        uploadId = client.createMultipartUpload(create.build()).uploadId();
      } catch (AwsServiceException e) {
        if (!dropUnimplemented(e, tagging != null, false)) {
          throw failure(key, "starting a multipart upload of", e);
        }
      } catch (SdkException e) {
        throw failure(key, "starting a multipart upload of", e);
      }
    }
    String upload = uploadId;
    boolean completed = false;
    try {
      MessageDigest whole = Sha256.newDigest();
      List<CompletedPart> parts = new ArrayList<>();
      byte[] buffer = new byte[PART_SIZE];
      for (int partNumber = 1; ; partNumber++) {
        int length;
        try {
          length = source.readNBytes(buffer, 0, PART_SIZE);
        } catch (IOException e) {
          throw new StorageUnavailableException(
              targetId(), key, "reading the bytes to write failed: " + e, e);
        }
        if (length == 0 && !parts.isEmpty()) {
          break;
        }
        whole.update(buffer, 0, length);
        MessageDigest partDigest = Sha256.newDigest();
        partDigest.update(buffer, 0, length);
        String partSha256 = Base64.getEncoder().encodeToString(partDigest.digest());
        int number = partNumber;
        UploadPartResponse uploaded;
        try {
          uploaded =
              client.uploadPart(
                  part ->
                      part.bucket(bucket)
                          .key(objectKey)
                          .uploadId(upload)
                          .partNumber(number)
                          .contentLength((long) length)
                          .checksumAlgorithm(ChecksumAlgorithm.SHA256)
                          .checksumSHA256(partSha256),
                  RequestBody.fromInputStream(new ByteArrayInputStream(buffer, 0, length), length));
        } catch (SdkException e) {
          throw failure(key, "uploading part " + number + " of", e);
        }
        parts.add(
            CompletedPart.builder()
                .partNumber(number)
                .eTag(uploaded.eTag())
                .checksumSHA256(
                    uploaded.checksumSHA256() != null ? uploaded.checksumSHA256() : partSha256)
                .build());
        if (length < PART_SIZE) {
          break;
        }
      }
      String actual = Sha256.hex(whole);
      if (!actual.equals(options.sha256())) {
        throw new ChecksumMismatchException(targetId(), key, options.sha256(), actual);
      }
      complete(key, objectKey, upload, parts);
      completed = true;
    } finally {
      if (!completed) {
        abort(objectKey, upload);
      }
    }
  }

  private void complete(String key, String objectKey, String uploadId, List<CompletedPart> parts) {
    while (true) {
      boolean conditional = conditionalWrites;
      CompleteMultipartUploadRequest.Builder request =
          CompleteMultipartUploadRequest.builder()
              .bucket(bucket)
              .key(objectKey)
              .uploadId(uploadId)
              .multipartUpload(upload -> upload.parts(parts));
      if (conditional) {
        request.ifNoneMatch("*");
      }
      try {
        client.completeMultipartUpload(request.build());
        return;
      } catch (AwsServiceException e) {
        if (isPreconditionFailed(e)) {
          return; // another writer completed first; put() compares what is stored now
        }
        if (!dropUnimplemented(e, false, conditional)) {
          throw failure(key, "completing the multipart upload of", e);
        }
      } catch (SdkException e) {
        throw failure(key, "completing the multipart upload of", e);
      }
    }
  }

  /** Best effort: an upload left behind costs storage until a lifecycle rule removes it. */
  private void abort(String objectKey, String uploadId) {
    try {
      client.abortMultipartUpload(a -> a.bucket(bucket).key(objectKey).uploadId(uploadId));
    } catch (SdkException ignored) {
      // The original failure is what the caller needs; the upload expires with the bucket's
      // AbortIncompleteMultipartUpload lifecycle rule.
    }
  }

  /**
   * After a write: the stored object must be ours. Without conditional writes a racing writer may
   * have replaced it; then ours lost and is reported as a conflict.
   */
  private ObjectStat confirmOwnWrite(String key, ObjectStat stored, String offeredSha256) {
    return sameOrConflict(key, stored, offeredSha256);
  }

  private ObjectStat sameOrConflict(String key, ObjectStat stored, String offeredSha256) {
    if (stored.sha256().equals(offeredSha256)) {
      return stored;
    }
    throw new ObjectConflictException(targetId(), key, stored.sha256(), offeredSha256);
  }

  @Override
  public InputStream open(String key) {
    String objectKey = objectKey(key);
    ResponseInputStream<GetObjectResponse> response;
    try {
      response =
          client.getObject(
              get -> get.bucket(bucket).key(objectKey).checksumMode(ChecksumMode.ENABLED));
    } catch (AwsServiceException e) {
      if (e.statusCode() == 404 && !"NoSuchBucket".equals(errorCode(e))) {
        throw new ObjectNotFoundException(targetId(), key, location(key));
      }
      throw failure(key, "reading", e);
    } catch (SdkException e) {
      throw failure(key, "reading", e);
    }
    String recorded = response.response().metadata().get(SHA256_METADATA);
    if (recorded == null) {
      // Not written by Gatevault (no recorded SHA-256): the caller checks against the manifest.
      return response;
    }
    return new ChecksumVerifyingStream(
        response,
        recorded,
        actual ->
            new StoredObjectCorruptedException(targetId(), key, location(key), recorded, actual));
  }

  @Override
  public boolean exists(String key) {
    return head(key).isPresent();
  }

  @Override
  public Optional<ObjectStat> stat(String key) {
    Optional<HeadObjectResponse> head = head(key);
    if (head.isEmpty()) {
      return Optional.empty();
    }
    String recorded = head.get().metadata().get(SHA256_METADATA);
    if (recorded != null && recorded.matches("[0-9a-f]{64}")) {
      return Optional.of(new ObjectStat(key, head.get().contentLength(), recorded));
    }
    // Written by another tool: hash the bytes.
    MessageDigest digest = Sha256.newDigest();
    long size = 0;
    byte[] buffer = new byte[256 * 1024];
    try (InputStream in = open(key)) {
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        digest.update(buffer, 0, read);
        size += read;
      }
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    } catch (IOException | SdkException e) {
      throw new StorageUnavailableException(
          targetId(), key, "reading " + location(key) + " failed: " + e, e);
    }
    return Optional.of(new ObjectStat(key, size, Sha256.hex(digest)));
  }

  private Optional<HeadObjectResponse> head(String key) {
    String objectKey = objectKey(key);
    try {
      return Optional.of(client.headObject(h -> h.bucket(bucket).key(objectKey)));
    } catch (AwsServiceException e) {
      if (e.statusCode() == 404) {
        // A HEAD answer has no body: "no such key" and "no such bucket" look the same.
        confirmBucket(key);
        return Optional.empty();
      }
      throw failure(key, "looking up", e);
    } catch (SdkException e) {
      throw failure(key, "looking up", e);
    }
  }

  private void confirmBucket(String key) {
    if (bucketSeen) {
      return;
    }
    try {
      client.headBucket(h -> h.bucket(bucket));
      bucketSeen = true;
    } catch (AwsServiceException e) {
      if (e.statusCode() == 404) {
        throw noSuchBucket(key, e);
      }
      throw failure(key, "looking up the bucket of", e);
    } catch (SdkException e) {
      throw failure(key, "looking up the bucket of", e);
    }
  }

  @Override
  public List<String> list(String prefix) {
    if (prefix == null) {
      throw new InvalidObjectKeyException(targetId(), null, "list prefix must not be null");
    }
    List<String> keys = new ArrayList<>();
    try {
      for (var page :
          client.listObjectsV2Paginator(
              ListObjectsV2Request.builder().bucket(bucket).prefix(rootPrefix + prefix).build())) {
        for (S3Object object : page.contents()) {
          String key = object.key().substring(rootPrefix.length());
          if (ObjectKeySyntax.problemWith(key) == null) {
            keys.add(key);
          }
        }
      }
    } catch (SdkException e) {
      throw failure(prefix, "listing keys starting with", e);
    }
    keys.sort(null);
    return keys;
  }

  @Override
  public boolean delete(String key) {
    String objectKey = objectKey(key);
    if (head(key).isEmpty()) {
      return false;
    }
    try {
      client.deleteObject(d -> d.bucket(bucket).key(objectKey));
      return true;
    } catch (SdkException e) {
      throw failure(key, "deleting", e);
    }
  }

  @Override
  public String location(String key) {
    return "s3://" + bucket + "/" + rootPrefix + key;
  }

  @Override
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return "S3BackupStore[" + targetId() + " at s3://" + bucket + "/" + rootPrefix + "]";
  }

  private String targetId() {
    return description.targetId();
  }

  private String objectKey(String key) {
    String problem = ObjectKeySyntax.problemWith(key);
    if (problem != null) {
      throw new InvalidObjectKeyException(targetId(), key, problem);
    }
    return rootPrefix + key;
  }

  private Map<String, String> metadata(WriteOptions options) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(SHA256_METADATA, options.sha256());
    for (Map.Entry<String, String> tag : sanitizedTags(options.tags()).entrySet()) {
      String name = tag.getKey().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
      // Metadata travels as HTTP headers: printable ASCII only.
      metadata.put("tag-" + name, tag.getValue().replaceAll("[^\\x20-\\x7E]", "_"));
    }
    return metadata;
  }

  private static Tagging tagging(Map<String, String> tags) {
    Map<String, String> kept = sanitizedTags(tags);
    if (kept.isEmpty()) {
      return null;
    }
    List<Tag> tagSet = new ArrayList<>();
    kept.forEach((name, value) -> tagSet.add(Tag.builder().key(name).value(value).build()));
    return Tagging.builder().tagSet(tagSet).build();
  }

  private static Map<String, String> sanitizedTags(Map<String, String> tags) {
    Map<String, String> kept = new TreeMap<>();
    if (tags == null) {
      return kept;
    }
    for (Map.Entry<String, String> tag : new TreeMap<>(tags).entrySet()) {
      if (kept.size() == MAX_TAGS) {
        break;
      }
      String name = tagText(tag.getKey(), 128);
      if (!name.isEmpty()) {
        kept.put(name, tagText(tag.getValue() == null ? "" : tag.getValue(), 256));
      }
    }
    return kept;
  }

  /** S3 tags allow letters, digits, spaces and {@code + - = . _ : / @}. */
  private static String tagText(String text, int maxLength) {
    String cleaned = text.replaceAll("[^\\p{L}\\p{N} +\\-=._:/@]", "_");
    return cleaned.length() > maxLength ? cleaned.substring(0, maxLength) : cleaned;
  }

  private StorageClass storageClass() {
    return StorageClass.fromValue(settings.storageClass().trim().toUpperCase(Locale.ROOT));
  }

  private ObjectLockMode lockMode() {
    return ObjectLockMode.fromValue(settings.objectLockMode().trim().toUpperCase(Locale.ROOT));
  }

  private Instant retainUntil() {
    return Instant.now().plus(Duration.ofDays(settings.objectLockDays()));
  }

  private static boolean isPreconditionFailed(AwsServiceException e) {
    return e.statusCode() == 412;
  }

  private static String errorCode(AwsServiceException e) {
    return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
  }

  private BackupStoreException noSuchBucket(String key, Throwable cause) {
    return new BackupStoreException(
        targetId(),
        key,
        "bucket '"
            + bucket
            + "' does not exist"
            + where()
            + "; create it, or fix the target's s3.bucket/s3.region/s3.endpoint setting",
        false,
        cause);
  }

  /** Classifies an SDK failure: retriable when the service or the network may recover. */
  BackupStoreException failure(String key, String action, SdkException e) {
    String object = location(key);
    if (e instanceof AwsServiceException service) {
      int status = service.statusCode();
      String code = errorCode(service);
      String said =
          "HTTP "
              + status
              + (code == null ? "" : " " + code)
              + (service.awsErrorDetails() == null
                      || service.awsErrorDetails().errorMessage() == null
                  ? ""
                  : ": " + service.awsErrorDetails().errorMessage());
      if (status == 501 || "NotImplemented".equals(code)) {
        return new BackupStoreException(
            targetId(),
            key,
            action
                + " "
                + object
                + " was refused ("
                + said
                + ")"
                + where()
                + ": the server does not implement a feature this target's settings ask for"
                + " (s3.storage-class, s3.sse-kms-key-id or s3.object-lock-mode); remove it for"
                + " this server",
            false,
            e);
      }
      if (status >= 500
          || status == 429
          || service.isThrottlingException()
          || "RequestTimeout".equals(code)
          || "SlowDown".equals(code)
          // 409: another conditional write of the same key was in flight; the next try decides.
          || "ConditionalRequestConflict".equals(code)
          || "OperationAborted".equals(code)) {
        return new StorageUnavailableException(
            targetId(),
            key,
            action
                + " "
                + object
                + " failed ("
                + said
                + "); the service is unavailable or"
                + " throttling, trying again later may succeed",
            e);
      }
      if ("NoSuchBucket".equals(code)) {
        return noSuchBucket(key, e);
      }
      if ("InvalidObjectState".equals(code)) {
        return new BackupStoreException(
            targetId(),
            key,
            object
                + " is archived ("
                + said
                + "): objects in storage class "
                + (notBlank(settings.storageClass())
                    ? settings.storageClass()
                    : "GLACIER/DEEP_ARCHIVE")
                + " must be restored (S3 RestoreObject) before they can be read; read another"
                + " copy meanwhile",
            false,
            e);
      }
      if (status == 403
          || "ExpiredToken".equals(code)
          || "InvalidToken".equals(code)
          || "AccessDenied".equals(code)
          || "InvalidAccessKeyId".equals(code)
          || "SignatureDoesNotMatch".equals(code)) {
        return new BackupStoreException(
            targetId(),
            key,
            action
                + " "
                + object
                + " was refused ("
                + said
                + "); check the credentials ("
                + credentialsSource()
                + ") and that they may get, put, list and delete objects in bucket '"
                + bucket
                + "' (and use the KMS key, if s3.sse-kms-key-id is set)",
            false,
            e);
      }
      if (status == 301
          || "PermanentRedirect".equals(code)
          || "AuthorizationHeaderMalformed".equals(code)) {
        return new BackupStoreException(
            targetId(),
            key,
            action
                + " "
                + object
                + " failed ("
                + said
                + "): bucket '"
                + bucket
                + "' is not in region '"
                + settings.region()
                + "'; fix the target's s3.region setting",
            false,
            e);
      }
      return new BackupStoreException(
          targetId(),
          key,
          action
              + " "
              + object
              + " was rejected ("
              + said
              + ")"
              + where()
              + "; the request cannot succeed as configured, check the target's s3 settings",
          false,
          e);
    }
    if (e instanceof SdkClientException && e.getCause() instanceof IllegalArgumentException) {
      return new BackupStoreException(
          targetId(),
          key,
          action + " " + object + " could not be sent: " + e.getMessage(),
          false,
          e);
    }
    return new StorageUnavailableException(
        targetId(),
        key,
        action
            + " "
            + object
            + " failed"
            + where()
            + ": "
            + e.getMessage()
            + "; the endpoint is unreachable or timed out, trying again later may succeed",
        e);
  }

  private String where() {
    return notBlank(settings.endpoint())
        ? " at " + settings.endpoint().trim()
        : " in AWS region " + settings.region();
  }

  private String credentialsSource() {
    if (notBlank(settings.accessKeyEnv())) {
      return "environment variables " + settings.accessKeyEnv() + "/" + settings.secretKeyEnv();
    }
    if (notBlank(settings.credentialsProfile())) {
      return "profile '" + settings.credentialsProfile() + "'";
    }
    return "the default credentials chain";
  }

  private static boolean notBlank(String value) {
    return value != null && !value.isBlank();
  }
}

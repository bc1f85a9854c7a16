package io.gatevault.storage.s3;

/**
 * The {@code gatevault.storage.targets[i].s3} settings of an S3 (or S3-compatible) target. A plain
 * record so any binder can build it; {@link io.gatevault.storage.StorageTargets#from} checks it.
 *
 * @param bucket the bucket, which must exist
 * @param prefix optional key prefix inside the bucket (e.g. {@code gatevault/site-a}), so several
 *     repositories can share one bucket; every segment follows the object key syntax
 * @param region signing region, e.g. {@code eu-west-1}; for S3-compatible servers any region they
 *     accept (often {@code us-east-1})
 * @param endpoint optional endpoint override for S3-compatible servers, e.g. {@code
 *     http://127.0.0.1:9000}; AWS S3 when empty
 * @param pathStyle address the bucket in the path instead of the host name (most S3-compatible
 *     servers need it)
 * @param storageClass storage class of every object written, e.g. {@code STANDARD}, {@code
 *     GLACIER}, {@code DEEP_ARCHIVE}; the bucket's default when empty
 * @param sseKmsKeyId optional KMS key (id, ARN or alias) for SSE-KMS
 * @param objectLockMode optional {@code GOVERNANCE} or {@code COMPLIANCE}; needs {@code
 *     objectLockDays} and a bucket created with object lock
 * @param objectLockDays retention of every object written, in days, with {@code objectLockMode}
 * @param credentialsProfile optional named profile of the AWS shared credentials/config files
 * @param accessKeyEnv optional name of the environment variable holding a static access key id
 *     (with {@code secretKeyEnv}); the default credentials chain when neither this nor a profile is
 *     set
 * @param secretKeyEnv name of the environment variable holding the static secret access key
 */
public record S3TargetSettings(
    String bucket,
    String prefix,
    String region,
    String endpoint,
    boolean pathStyle,
    String storageClass,
    String sseKmsKeyId,
    String objectLockMode,
    Integer objectLockDays,
    String credentialsProfile,
    String accessKeyEnv,
    String secretKeyEnv) {

  /** Settings for {@code bucket} in {@code region} with everything else at its default. */
  public static S3TargetSettings of(String bucket, String region) {
    return new S3TargetSettings(
        bucket, null, region, null, false, null, null, null, null, null, null, null);
  }

  public S3TargetSettings withEndpoint(String newEndpoint, boolean newPathStyle) {
    return new S3TargetSettings(
        bucket,
        prefix,
        region,
        newEndpoint,
        newPathStyle,
        storageClass,
        sseKmsKeyId,
        objectLockMode,
        objectLockDays,
        credentialsProfile,
        accessKeyEnv,
        secretKeyEnv);
  }

  public S3TargetSettings withPrefix(String newPrefix) {
    return new S3TargetSettings(
        bucket,
        newPrefix,
        region,
        endpoint,
        pathStyle,
        storageClass,
        sseKmsKeyId,
        objectLockMode,
        objectLockDays,
        credentialsProfile,
        accessKeyEnv,
        secretKeyEnv);
  }

  public S3TargetSettings withStorageClass(String newStorageClass) {
    return new S3TargetSettings(
        bucket,
        prefix,
        region,
        endpoint,
        pathStyle,
        newStorageClass,
        sseKmsKeyId,
        objectLockMode,
        objectLockDays,
        credentialsProfile,
        accessKeyEnv,
        secretKeyEnv);
  }

  public S3TargetSettings withSseKms(String keyId) {
    return new S3TargetSettings(
        bucket,
        prefix,
        region,
        endpoint,
        pathStyle,
        storageClass,
        keyId,
        objectLockMode,
        objectLockDays,
        credentialsProfile,
        accessKeyEnv,
        secretKeyEnv);
  }

  public S3TargetSettings withObjectLock(String mode, Integer days) {
    return new S3TargetSettings(
        bucket,
        prefix,
        region,
        endpoint,
        pathStyle,
        storageClass,
        sseKmsKeyId,
        mode,
        days,
        credentialsProfile,
        accessKeyEnv,
        secretKeyEnv);
  }
}

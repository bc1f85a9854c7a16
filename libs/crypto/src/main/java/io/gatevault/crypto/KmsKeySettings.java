package io.gatevault.crypto;

import java.net.URI;
import java.util.List;

/**
 * The AWS KMS key-encryption key, as set by {@code gatevault.keyring.kms.*}.
 *
 * @param keyArn the KMS key's ARN ({@code key-arn}); the strict keyring needs the full ARN
 * @param additionalKeyArns further keys ({@code additional-key-arns}), e.g. the replicas of a
 *     multi-Region key: every data key is also wrapped under each, and each alone unwraps it
 * @param region the KMS Region ({@code region}); empty: the Region of the key ARN
 * @param endpoint a KMS endpoint override ({@code endpoint}): a VPC endpoint or a test KMS; null
 *     for the public one
 * @param credentialsProfile a profile of the shared AWS config files ({@code credentials-profile})
 * @param accessKeyEnv name of the environment variable holding a static access key id ({@code
 *     access-key-env}); with {@code secret-key-env}. Neither this nor a profile: the SDK's default
 *     chain (environment, web identity, container and instance roles)
 * @param secretKeyEnv name of the environment variable holding the secret access key
 */
public record KmsKeySettings(
    String keyArn,
    List<String> additionalKeyArns,
    String region,
    URI endpoint,
    String credentialsProfile,
    String accessKeyEnv,
    String secretKeyEnv) {

  public KmsKeySettings {
    additionalKeyArns = additionalKeyArns == null ? List.of() : List.copyOf(additionalKeyArns);
  }

  /** Every configured key, the primary first. */
  public List<String> allKeyArns() {
    List<String> all = new java.util.ArrayList<>();
    all.add(keyArn);
    all.addAll(additionalKeyArns);
    return List.copyOf(all);
  }

  /** The Region of a key ARN ({@code arn:aws:kms:<region>:<account>:key/<id>}), or null. */
  public static String regionOf(String keyArn) {
    if (keyArn == null) {
      return null;
    }
    String[] parts = keyArn.split(":", 6);
    return parts.length == 6 && !parts[3].isBlank() ? parts[3] : null;
  }
}

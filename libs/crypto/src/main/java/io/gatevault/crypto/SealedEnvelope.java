package io.gatevault.crypto;

/**
 * What sealing one artifact produced, besides the ciphertext itself: everything its manifest and
 * key object record.
 *
 * @param wrappedDataKey the artifact's data key, wrapped by the keyring (store beside the artifact)
 * @param keyReference the key-encryption key that wrapped it
 * @param plaintextSize bytes of plaintext sealed
 * @param ciphertextSize bytes of the sealed artifact (header, segments, tags)
 * @param ciphertextSha256 lower-case hex SHA-256 of the sealed artifact, to check copies without
 *     decrypting
 */
public record SealedEnvelope(
    WrappedDataKey wrappedDataKey,
    WrappingKeyReference keyReference,
    long plaintextSize,
    long ciphertextSize,
    String ciphertextSha256) {}

package io.gatevault.crypto;

/**
 * An artifact sealed in memory: its ciphertext and the {@link SealedEnvelope} describing it.
 *
 * @param ciphertext the sealed artifact (GVX1); owned by the caller
 */
public record SealedBytes(byte[] ciphertext, SealedEnvelope envelope) {}

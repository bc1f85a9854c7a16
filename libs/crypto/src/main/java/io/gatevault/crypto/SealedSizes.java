package io.gatevault.crypto;

/**
 * Sizes of one sealing or unsealing.
 *
 * @param plaintextBytes bytes of plaintext sealed or released
 * @param ciphertextBytes bytes of the sealed artifact, header included
 * @param segments number of segments
 */
public record SealedSizes(long plaintextBytes, long ciphertextBytes, long segments) {}

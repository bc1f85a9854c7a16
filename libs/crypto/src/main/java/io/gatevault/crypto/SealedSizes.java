package io.gatevault.crypto;

/**
 * Sizes of one sealing or unsealing.
 *
 * @param plaintextBytes bytes of plaintext sealed or released
 * @param ciphertextBytes bytes of the sealed artifact, header included
 * @param segments number of segments
 */
public record SealedSizes(long plaintextBytes, long ciphertextBytes, long segments) {

  /** Counts segments as a sealing or unsealing goes. */
  static final class Counter {
    long plaintextBytes;
    long ciphertextBytes;
    long segments;

    Counter(long headerBytes) {
      this.ciphertextBytes = headerBytes;
    }

    void add(long plaintext, long ciphertext) {
      plaintextBytes += plaintext;
      ciphertextBytes += ciphertext;
      segments++;
    }

    SealedSizes sizes() {
      return new SealedSizes(plaintextBytes, ciphertextBytes, segments);
    }
  }
}

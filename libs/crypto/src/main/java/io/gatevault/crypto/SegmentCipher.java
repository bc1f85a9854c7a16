package io.gatevault.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens the segments of one artifact: the segment key derived with HKDF-SHA256 from the
 * data key, the header's salt and the header itself; per-segment nonce = prefix || counter || last
 * flag; AAD = header || associated data (the encryption context) on every segment.
 */
final class SegmentCipher {

  static final int TAG_LENGTH = 16;
  static final int NONCE_LENGTH = 12;
  static final long MAX_SEGMENTS = 0xFFFF_FFFFL;
  private static final byte[] KEY_INFO_LABEL =
      "gatevault GVX1 segment key".getBytes(StandardCharsets.US_ASCII);

  private final SecretKeySpec segmentKey;
  private final byte[] noncePrefix;
  private final byte[] aad;
  private final Cipher cipher;
  private final byte[] nonce = new byte[NONCE_LENGTH];

  SegmentCipher(DataKey dataKey, GvxHeader header, byte[] encodedHeader, byte[] associatedData) {
    this.segmentKey =
        new SecretKeySpec(deriveSegmentKey(dataKey, header.salt(), encodedHeader), "AES");
    this.noncePrefix = header.noncePrefix();
    this.aad =
        ByteBuffer.allocate(encodedHeader.length + associatedData.length)
            .put(encodedHeader)
            .put(associatedData)
            .array();
    try {
      this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("This JVM provides no AES/GCM/NoPadding cipher", e);
    }
  }

  /** Encrypts one segment into {@code out} at 0; returns the ciphertext length (plaintext + 16). */
  int seal(long index, boolean last, byte[] plaintext, int length, byte[] out) {
    try {
      cipher.init(Cipher.ENCRYPT_MODE, segmentKey, spec(index, last));
      cipher.updateAAD(aad);
      return cipher.doFinal(plaintext, 0, length, out, 0);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM refused to seal segment " + index, e);
    }
  }

  /**
   * Decrypts and authenticates one segment into {@code out} at 0; returns the plaintext length, or
   * -1 when its tag does not verify as segment {@code index} with this last flag.
   */
  int open(long index, boolean last, byte[] ciphertext, int length, byte[] out) {
    if (length < TAG_LENGTH) {
      return -1;
    }
    try {
      cipher.init(Cipher.DECRYPT_MODE, segmentKey, spec(index, last));
      cipher.updateAAD(aad);
      return cipher.doFinal(ciphertext, 0, length, out, 0);
    } catch (AEADBadTagException e) {
      return -1;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM refused to open segment " + index, e);
    }
  }

  private GCMParameterSpec spec(long index, boolean last) {
    System.arraycopy(noncePrefix, 0, nonce, 0, noncePrefix.length);
    nonce[7] = (byte) (index >>> 24);
    nonce[8] = (byte) (index >>> 16);
    nonce[9] = (byte) (index >>> 8);
    nonce[10] = (byte) index;
    nonce[11] = (byte) (last ? 1 : 0);
    return new GCMParameterSpec(TAG_LENGTH * 8, nonce);
  }

  /** HKDF-SHA256 (RFC 5869) with one expand block: 32 bytes of AES-256 key. */
  static byte[] deriveSegmentKey(DataKey dataKey, byte[] salt, byte[] encodedHeader) {
    byte[] ikm = dataKey.copyOfBytes();
    try {
      Mac hmac = Mac.getInstance("HmacSHA256");
      hmac.init(new SecretKeySpec(salt, "HmacSHA256"));
      byte[] prk = hmac.doFinal(ikm);
      hmac.init(new SecretKeySpec(prk, "HmacSHA256"));
      hmac.update(KEY_INFO_LABEL);
      hmac.update(encodedHeader);
      hmac.update((byte) 1);
      byte[] okm = hmac.doFinal();
      Arrays.fill(prk, (byte) 0);
      return okm;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("This JVM provides no usable HmacSHA256", e);
    } finally {
      Arrays.fill(ikm, (byte) 0);
    }
  }
}

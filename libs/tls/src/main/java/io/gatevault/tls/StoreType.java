package io.gatevault.tls;

import java.util.Locale;

/** The key store formats Gatevault reads: PKCS12 (the JDK's default) and the older JKS. */
public enum StoreType {
  PKCS12,
  JKS;

  /**
   * The type named {@code value} (any case); PKCS12 when blank.
   *
   * @throws TlsConfigurationException naming {@code setting} for any other value
   */
  public static StoreType parse(String setting, String value) {
    if (value == null || value.isBlank()) {
      return PKCS12;
    }
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new TlsConfigurationException(
          setting, "'" + value + "' is not a store type. Fix: use PKCS12 or JKS.");
    }
  }
}

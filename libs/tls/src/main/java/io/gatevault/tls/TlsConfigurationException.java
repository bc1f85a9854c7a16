package io.gatevault.tls;

/**
 * A TLS setting that cannot be used: a missing or unreadable store, a wrong password, no protocol
 * this JVM supports, or a plaintext endpoint that was not allowed. Permanent: retrying does not
 * help, the configuration must change. The message names the setting and the fix.
 */
public class TlsConfigurationException extends IllegalArgumentException {

  private final String setting;

  public TlsConfigurationException(String setting, String message, Throwable cause) {
    super(setting + ": " + message, cause);
    this.setting = setting;
  }

  public TlsConfigurationException(String setting, String message) {
    this(setting, message, null);
  }

  /** The setting that is wrong, e.g. {@code gateways[0].tls.trust-store.path}. */
  public String setting() {
    return setting;
  }
}

package io.gatevault.tls;

/** A plaintext (http:// or Kafka PLAINTEXT) endpoint on a non-loopback address, not allowed. */
public final class PlaintextRefusedException extends TlsConfigurationException {

  public PlaintextRefusedException(String setting, String message) {
    super(setting, message);
  }
}

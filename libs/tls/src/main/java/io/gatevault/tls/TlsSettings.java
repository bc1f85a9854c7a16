package io.gatevault.tls;

import java.util.List;
import java.util.Objects;

/**
 * TLS of one outbound connection (or the default for all of them).
 *
 * @param origin where these settings were configured, e.g. {@code tls} or {@code gateways[0].tls};
 *     every error message names the setting under it
 * @param trustStore the CA certificates to trust instead of the JVM's; null for the JVM's own
 * @param keyStore the client certificate and key for mutual TLS; null for none
 * @param protocols TLS versions to offer, most preferred first; TLSv1.3 is negotiated when the peer
 *     supports it
 * @param allowPlaintext confirms that this connection may use http:// or Kafka PLAINTEXT to a
 *     non-loopback address (logged as a warning each time it is configured)
 */
public record TlsSettings(
    String origin,
    StoreFile trustStore,
    StoreFile keyStore,
    List<String> protocols,
    boolean allowPlaintext) {

  /** TLS 1.3 first, TLS 1.2 for peers that do not have it yet; nothing older. */
  public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  public TlsSettings {
    Objects.requireNonNull(origin, "origin");
    protocols =
        protocols == null || protocols.isEmpty() ? DEFAULT_PROTOCOLS : List.copyOf(protocols);
  }

  /** The JVM's trusted CAs, default protocols, no client certificate, plaintext refused. */
  public static TlsSettings jvmDefaults(String origin) {
    return new TlsSettings(origin, null, null, DEFAULT_PROTOCOLS, false);
  }

  /** Trusting the CA certificates in {@code trustStore}, default protocols. */
  public static TlsSettings trusting(String origin, StoreFile trustStore) {
    return new TlsSettings(origin, trustStore, null, DEFAULT_PROTOCOLS, false);
  }

  /** Whether the JVM's defaults are all there is (nothing to load). */
  public boolean usesJvmTrust() {
    return trustStore == null && keyStore == null;
  }

  public TlsSettings withKeyStore(StoreFile newKeyStore) {
    return new TlsSettings(origin, trustStore, newKeyStore, protocols, allowPlaintext);
  }

  public TlsSettings withProtocols(List<String> newProtocols) {
    return new TlsSettings(origin, trustStore, keyStore, newProtocols, allowPlaintext);
  }

  public TlsSettings withAllowPlaintext(boolean allow) {
    return new TlsSettings(origin, trustStore, keyStore, protocols, allow);
  }

  /**
   * A connection's own settings over the defaults: its trust store, key store and protocols where
   * it sets them, the defaults' otherwise. {@code allowPlaintext} is never inherited: each
   * connection opts in for itself.
   *
   * @param defaults the {@code tls} section; may be null
   * @param own the connection's {@code tls} section; may be null
   * @param origin where the connection's settings live, e.g. {@code gateways[0].tls}
   */
  public static TlsSettings merge(TlsSettings defaults, TlsSettings own, String origin) {
    if (own == null && defaults == null) {
      return jvmDefaults(origin);
    }
    if (own == null) {
      return new TlsSettings(
          defaults.origin(),
          defaults.trustStore(),
          defaults.keyStore(),
          defaults.protocols(),
          false);
    }
    if (defaults == null) {
      return own;
    }
    boolean ownStores = own.trustStore() != null || own.keyStore() != null;
    return new TlsSettings(
        ownStores ? own.origin() : defaults.origin(),
        own.trustStore() != null ? own.trustStore() : defaults.trustStore(),
        own.keyStore() != null ? own.keyStore() : defaults.keyStore(),
        own.protocols().equals(DEFAULT_PROTOCOLS) ? defaults.protocols() : own.protocols(),
        own.allowPlaintext());
  }
}

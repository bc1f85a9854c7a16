package io.gatevault.tls;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses plaintext to other machines unless a connection opts in: an {@code http://} URL or a
 * Kafka PLAINTEXT listener on a non-loopback address is refused, naming the connection and the
 * opt-in; with the opt-in it is allowed and a WARN names the connection and the address. Loopback
 * (127.0.0.0/8, ::1, localhost) is always allowed: the embedded default and the tests run there.
 */
public final class PlaintextGuard {

  private static final Logger log = LoggerFactory.getLogger(PlaintextGuard.class);

  private PlaintextGuard() {}

  /**
   * Checks one URL of a connection.
   *
   * @param connection the setting that holds the URL, e.g. {@code gateways[0].admin-url}
   * @param url the endpoint; https and loopback http pass
   * @param tls the connection's TLS settings; {@link TlsSettings#allowPlaintext()} is the opt-in,
   *     and {@link TlsSettings#origin()} names where to set it
   * @throws PlaintextRefusedException for http:// to another machine without the opt-in
   */
  public static void checkUrl(String connection, URI url, TlsSettings tls) {
    if (url == null || !"http".equalsIgnoreCase(url.getScheme())) {
      return;
    }
    checkHost(connection, url.getHost(), url.toString(), "http://", tls);
  }

  /**
   * Checks Kafka bootstrap servers that would be reached without TLS.
   *
   * @param connection the setting, e.g. {@code kafka.bootstrap-servers}
   * @param bootstrapServers {@code host:port[,host:port...]}
   * @throws PlaintextRefusedException for a non-loopback broker without the opt-in
   */
  public static void checkKafka(String connection, String bootstrapServers, TlsSettings tls) {
    for (String server : bootstrapServers.split(",")) {
      String trimmed = server.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      checkHost(connection, hostOf(trimmed), trimmed, "Kafka PLAINTEXT", tls);
    }
  }

  /** Whether {@code host} is this machine: localhost, 127.0.0.0/8 or ::1, without DNS. */
  public static boolean isLoopback(String host) {
    if (host == null || host.isBlank()) {
      return false;
    }
    String bare = host.strip().toLowerCase(Locale.ROOT);
    if (bare.startsWith("[") && bare.endsWith("]")) {
      bare = bare.substring(1, bare.length() - 1);
    }
    if (bare.equals("localhost") || bare.endsWith(".localhost")) {
      return true;
    }
    if (!isIpLiteral(bare)) {
      // A name could resolve anywhere, and resolving it here would not prove where it goes later.
      return false;
    }
    try {
      return InetAddress.getByName(bare).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static void checkHost(
      String connection, String host, String address, String kind, TlsSettings tls) {
    if (isLoopback(host)) {
      return;
    }
    if (!tls.allowPlaintext()) {
      throw new PlaintextRefusedException(
          connection,
          address
              + " is "
              + kind
              + " to another machine: configuration and credentials would cross the network"
              + " unencrypted. Fix: use TLS ("
              + (kind.startsWith("Kafka") ? "security.protocol SSL" : "https://")
              + "), or set "
              + tls.origin()
              + ".allow-plaintext: true if this network is trusted.");
    }
    log.warn(
        "Plaintext allowed by {}.allow-plaintext: {} talks {} to {} without TLS",
        tls.origin(),
        connection,
        kind,
        address);
  }

  private static String hostOf(String hostAndPort) {
    if (hostAndPort.startsWith("[")) {
      int end = hostAndPort.indexOf(']');
      return end < 0 ? hostAndPort : hostAndPort.substring(1, end);
    }
    int colon = hostAndPort.lastIndexOf(':');
    return colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
  }

  private static boolean isIpLiteral(String host) {
    return host.contains(":") || host.chars().allMatch(c -> Character.isDigit(c) || c == '.');
  }
}

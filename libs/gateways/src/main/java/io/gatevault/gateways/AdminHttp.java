package io.gatevault.gateways;

import io.gatevault.core.gateway.GatewayDescriptor;
import io.gatevault.core.gateway.GatewayResponseRejectedException;
import io.gatevault.core.gateway.GatewayUnreachableException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;

/**
 * HTTP to a gateway's admin API with every failure classified the same way for all adapters: no
 * connection, a timeout, 429, 502, 503 or 504 is {@link GatewayUnreachableException} (transient:
 * retried by the consumer); any other non-2xx answer is {@link GatewayResponseRejectedException}
 * (permanent), with the gateway, method, URL, status and an excerpt of the body in the message.
 */
public final class AdminHttp {

  /** How much of an error body a message quotes. */
  static final int EXCERPT_CHARS = 300;

  private final GatewayDescriptor gateway;
  private final HttpClient client;
  private final Duration timeout;

  public AdminHttp(GatewayDescriptor gateway, HttpClient client, Duration timeout) {
    this.gateway = gateway;
    this.client = client;
    this.timeout = timeout;
  }

  /** GETs {@code uri}, expecting JSON; returns the body of a 2xx answer. */
  public byte[] get(URI uri) {
    return send(
        HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET(),
        "GET",
        uri);
  }

  /** Sends a JSON body with {@code method}; returns the body of a 2xx answer. */
  public byte[] sendJson(String method, URI uri, byte[] json) {
    return send(
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofByteArray(json)),
        method,
        uri);
  }

  private byte[] send(HttpRequest.Builder request, String method, URI uri) {
    HttpResponse<byte[]> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw new GatewayUnreachableException(
          gateway.id(),
          "Gateway "
              + gateway.id()
              + " ("
              + gateway.type()
              + ") did not answer "
              + method
              + " "
              + uri
              + " within "
              + timeout.toMillis()
              + " ms; will retry. Check the gateway is up, or raise the request timeout",
          e);
    } catch (SSLHandshakeException e) {
      // An untrusted certificate, a wrong name or no common protocol: the same on every retry.
      throw new GatewayResponseRejectedException(
          gateway.id(),
          "Gateway "
              + gateway.id()
              + " ("
              + gateway.type()
              + ") at "
              + uri
              + " failed the TLS handshake: "
              + e.getMessage()
              + ". Fix: set the trust store that holds the CA of its certificate"
              + " (gatevault.yml: gateways[].tls.trust-store, or tls.trust-store for every"
              + " connection; the certificate must name the host of admin-url), and check"
              + " tls.protocols offers a version the gateway speaks",
          e);
    } catch (IOException e) {
      throw new GatewayUnreachableException(
          gateway.id(),
          "Gateway "
              + gateway.id()
              + " ("
              + gateway.type()
              + ") could not be reached at "
              + uri
              + " ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage())
              + "); will retry. Check the gateway is running and admin-url is right",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GatewayUnreachableException(
          gateway.id(), "Interrupted while talking to gateway " + gateway.id() + " at " + uri, e);
    }
    int status = response.statusCode();
    if (status / 100 == 2) {
      return response.body();
    }
    String answer =
        "Gateway "
            + gateway.id()
            + " ("
            + gateway.type()
            + ") answered "
            + method
            + " "
            + uri
            + " with HTTP "
            + status
            + ": "
            + excerpt(response.body());
    if (status == 429 || status == 502 || status == 503 || status == 504) {
      throw new GatewayUnreachableException(
          gateway.id(), answer + "; it is busy or restarting, will retry", null);
    }
    throw new GatewayResponseRejectedException(
        gateway.id(),
        answer
            + (method.equals("GET")
                ? ". Check admin-url points at the gateway's admin API and that it accepts"
                    + " unauthenticated requests from this host"
                : ". The gateway refused the configuration and keeps the one it had; fix the"
                    + " configuration (or pick another backup) and try again"));
  }

  /** The start of a body, on one line, for error messages. */
  public static String excerpt(byte[] body) {
    if (body == null || body.length == 0) {
      return "(empty body)";
    }
    String text = new String(body, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
    return text.length() <= EXCERPT_CHARS
        ? "'" + text + "'"
        : "'" + text.substring(0, EXCERPT_CHARS) + "…' (" + body.length + " bytes)";
  }
}

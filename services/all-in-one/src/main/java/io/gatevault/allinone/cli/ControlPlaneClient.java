package io.gatevault.allinone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The CLI's HTTP client for the control-plane REST API. */
public final class ControlPlaneClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final String baseUrl;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public ControlPlaneClient(String baseUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  /** A response: HTTP status and JSON body. */
  public record Reply(int status, JsonNode body) {
    public boolean ok() {
      return status / 100 == 2;
    }
  }

  public Reply get(String path) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
  }

  public Reply post(String path, Object body, String idempotencyKey) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(baseUrl + path))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      if (idempotencyKey != null) {
        request.header("Idempotency-Key", idempotencyKey);
      }
      return send(request);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot encode the request: " + e.getMessage(), e);
    }
  }

  private Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          http.send(
              request.timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
      String text = response.body();
      JsonNode body =
          text == null || text.isBlank() ? JSON.createObjectNode() : parse(text, response);
      return new Reply(response.statusCode(), body);
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw new ControlPlaneUnreachableException(baseUrl, e);
    } catch (IOException e) {
      throw new ControlPlaneUnreachableException(baseUrl, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
  }

  private static JsonNode parse(String text, HttpResponse<String> response) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      return JSON.createObjectNode()
          .put("error", "The control plane answered " + response.statusCode() + " with non-JSON")
          .put("body", text.length() > 500 ? text.substring(0, 500) : text);
    }
  }

  public static String pretty(JsonNode node) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (IOException e) {
      return node.toString();
    }
  }
}

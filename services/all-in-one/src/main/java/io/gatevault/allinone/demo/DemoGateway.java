package io.gatevault.allinone.demo;

import io.gatevault.gateways.scg.ScgProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The gateway the demo protects: a real Spring Cloud Gateway in a child JVM, configured through its
 * actuator exactly as an operator would, and checked by real HTTP requests through it.
 */
final class DemoGateway implements AutoCloseable {

  static final String USER = "ops";
  static final String PASSWORD = "demo-password";

  private final ScgProcess process;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private DemoGateway(ScgProcess process) {
    this.process = process;
  }

  static DemoGateway start() {
    return new DemoGateway(ScgProcess.start());
  }

  /** The admin URL Gatevault's spring-cloud-gateway adapter reads and writes. */
  String adminUrl() {
    return process.managementUrl().toString();
  }

  String proxyUrl() {
    return process.proxyUrl().toString();
  }

  /** Version 1 of the configuration: a public route and a route behind basic auth. */
  void deployGoodConfiguration() {
    putRoute("hello", "/hello/**", List.of("AddResponseHeader=X-Release, 1"));
    putRoute("admin", "/admin/**", List.of("BasicAuth=" + USER + ", sha256:" + sha256(PASSWORD)));
    refresh();
  }

  /** A bad deployment: the public route is gone and the admin route lost its authentication. */
  void deployBadChange() {
    delete("/actuator/gateway/routes/hello");
    putRoute("admin", "/admin/**", List.of("AddResponseHeader=X-Release, 2"));
    refresh();
  }

  /** What a client sees now, as short lines: the facts the restore must bring back. */
  List<String> observe() {
    return List.of(
        "GET /hello/world                 -> " + status("/hello/world", null),
        "GET /admin/panel (no password)   -> " + status("/admin/panel", null),
        "GET /admin/panel (ops/password)  -> " + status("/admin/panel", USER + ":" + PASSWORD));
  }

  private String status(String path, String credentials) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(proxyUrl() + path)).timeout(Duration.ofSeconds(10));
    if (credentials != null) {
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
    HttpResponse<String> response = send(request.GET().build());
    return response.statusCode() + " " + reason(response.statusCode());
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 401 -> "Unauthorized";
      case 404 -> "Not Found";
      default -> "";
    };
  }

  private void putRoute(String id, String path, List<String> filters) {
    StringBuilder body =
        new StringBuilder("{\"uri\":\"forward:/origin/echo\",\"predicates\":[\"Path=")
            .append(path)
            .append("\"],\"filters\":[");
    for (int i = 0; i < filters.size(); i++) {
      body.append(i == 0 ? "" : ",").append('"').append(filters.get(i)).append('"');
    }
    body.append("]}");
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create(adminUrl() + "/actuator/gateway/routes/" + id))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          "The demo gateway refused route "
              + id
              + ": "
              + response.statusCode()
              + " "
              + response.body());
    }
  }

  private void delete(String path) {
    send(HttpRequest.newBuilder(URI.create(adminUrl() + path)).DELETE().build());
  }

  private void refresh() {
    send(
        HttpRequest.newBuilder(URI.create(adminUrl() + "/actuator/gateway/refresh"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build());
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(
          "The demo gateway did not answer " + request.uri() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    process.close();
  }
}

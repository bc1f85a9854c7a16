package io.gatevault.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatevault.core.config.CanonicalJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real Caddy for tests: {@code caddy run --config <file>} with its admin API on {@code
 * 127.0.0.1:<free port>}, its own XDG_CONFIG_HOME / XDG_DATA_HOME (so runs never share autosaved
 * configuration or certificates), started and stopped by its own PID.
 *
 * <p>Caddy comes from the system ({@code apt-get install -y caddy}); {@link #isInstalled()} lets a
 * test say it was skipped rather than pass without running.
 */
public final class CaddyProcess implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

  private final ManagedProcess process;
  private final int adminPort;

  private CaddyProcess(ManagedProcess process, int adminPort) {
    this.process = process;
    this.adminPort = adminPort;
  }

  /** Whether a {@code caddy} executable is on the PATH. */
  public static boolean isInstalled() {
    return executable() != null;
  }

  /** An empty Caddy (no apps), admin API only. */
  public static CaddyProcess start() {
    return start("{}");
  }

  /**
   * Starts Caddy with this JSON configuration; its {@code admin} member is replaced so the admin
   * API listens on a free loopback port.
   *
   * @throws IllegalStateException when Caddy is not installed, exits, or does not become ready,
   *     with the end of its log
   */
  public static CaddyProcess start(String configJson) {
    Path caddy = executable();
    if (caddy == null) {
      throw new IllegalStateException(
          "caddy is not on the PATH: install it with `apt-get install -y caddy`");
    }
    JsonNode parsed = CanonicalJson.parse(configJson);
    if (!parsed.isObject()) {
      throw new IllegalArgumentException("A Caddy configuration must be a JSON object");
    }
    int adminPort = freePort();
    ObjectNode config = (ObjectNode) parsed;
    config.putObject("admin").put("listen", "127.0.0.1:" + adminPort);
    Path workDir = ManagedProcess.workDirectory("caddy");
    try {
      Path configFile = workDir.resolve("caddy.json");
      Files.write(configFile, CanonicalJson.toBytes(config));
      ProcessBuilder builder =
          new ProcessBuilder(caddy.toString(), "run", "--config", configFile.toString());
      builder.environment().put("XDG_CONFIG_HOME", mkdir(workDir.resolve("config")).toString());
      builder.environment().put("XDG_DATA_HOME", mkdir(workDir.resolve("data")).toString());
      builder.environment().put("HOME", workDir.toString());
      URI admin = URI.create("http://127.0.0.1:" + adminPort);
      return new CaddyProcess(
          ManagedProcess.start(
              "caddy",
              builder,
              workDir,
              READY_TIMEOUT,
              () -> answers(admin),
              "answer on its admin API at " + admin),
          adminPort);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start caddy: " + e.getMessage(), e);
    }
  }

  /** Caddy's admin endpoint, e.g. {@code http://127.0.0.1:41234}. */
  public URI adminUrl() {
    return URI.create("http://127.0.0.1:" + adminPort);
  }

  public int adminPort() {
    return adminPort;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isRunning() {
    return process.isRunning();
  }

  /**
   * Replaces the running configuration, as an operator's deployment would ({@code POST /load}); the
   * admin endpoint stays where it is.
   *
   * @throws IllegalStateException when Caddy refuses the configuration, with its answer
   */
  public void load(String configJson) {
    JsonNode parsed = CanonicalJson.parse(configJson);
    if (!parsed.isObject()) {
      throw new IllegalArgumentException("A Caddy configuration must be a JSON object");
    }
    ((ObjectNode) parsed).putObject("admin").put("listen", "127.0.0.1:" + adminPort);
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create(adminUrl() + "/load"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(CanonicalJson.toBytes(parsed)))
                .build());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "Caddy refused the configuration: " + response.statusCode() + " " + response.body());
    }
  }

  /** The running configuration ({@code GET /config/}) as canonical JSON. */
  public String config() {
    HttpResponse<String> response =
        send(HttpRequest.newBuilder(URI.create(adminUrl() + "/config/")).GET().build());
    return CanonicalJson.toCanonicalString(CanonicalJson.parse(response.body()));
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("Caddy's admin API did not answer " + request.uri(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
  }

  /** Caddy's output so far, for assertion messages. */
  public String log() {
    return process.log();
  }

  /** Stops this Caddy (SIGTERM to its PID, then SIGKILL) and removes its directories. */
  @Override
  public void close() {
    process.close();
  }

  /** A TCP port free on 127.0.0.1 right now, for the servers a test configures. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free loopback port", e);
    }
  }

  private static boolean answers(URI admin) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(admin + "/config/"))
            .timeout(Duration.ofSeconds(2))
            .build();
    try {
      return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static Path executable() {
    return ManagedProcess.executable("caddy");
  }

  private static Path mkdir(Path dir) throws IOException {
    return Files.createDirectories(dir);
  }
}

package io.gatevault.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatevault.core.config.CanonicalJson;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final Process process;
  private final Path workDir;
  private final Path log;
  private final int adminPort;

  private CaddyProcess(Process process, Path workDir, Path log, int adminPort) {
    this.process = process;
    this.workDir = workDir;
    this.log = log;
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
    try {
      int adminPort = freePort();
      Path workDir = Files.createTempDirectory("gatevault-caddy-");
      JsonNode parsed = CanonicalJson.parse(configJson);
      if (!parsed.isObject()) {
        throw new IllegalArgumentException("A Caddy configuration must be a JSON object");
      }
      ObjectNode config = (ObjectNode) parsed;
      config.putObject("admin").put("listen", "127.0.0.1:" + adminPort);
      Path configFile = workDir.resolve("caddy.json");
      Files.write(configFile, CanonicalJson.toBytes(config));
      Path log = workDir.resolve("caddy.log");
      ProcessBuilder builder =
          new ProcessBuilder(caddy.toString(), "run", "--config", configFile.toString())
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().put("XDG_CONFIG_HOME", mkdir(workDir.resolve("config")).toString());
      builder.environment().put("XDG_DATA_HOME", mkdir(workDir.resolve("data")).toString());
      builder.environment().put("HOME", workDir.toString());
      CaddyProcess started = new CaddyProcess(builder.start(), workDir, log, adminPort);
      started.awaitReady();
      return started;
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
    return process.isAlive();
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
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  /** Stops this Caddy (SIGTERM to its PID, then SIGKILL) and removes its directories. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    deleteRecursively(workDir);
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

  private void awaitReady() {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(adminUrl() + "/config/"))
            .timeout(Duration.ofSeconds(2))
            .build();
    Instant deadline = Instant.now().plus(READY_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        String output = log();
        deleteRecursively(workDir);
        throw new IllegalStateException(
            "caddy exited with " + process.exitValue() + " before it was ready:\n" + output);
      }
      try {
        if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new IllegalStateException("Interrupted while waiting for caddy", e);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new IllegalStateException("Interrupted while waiting for caddy", e);
      }
    }
    String output = log();
    close();
    throw new IllegalStateException(
        "caddy's admin API did not answer at "
            + adminUrl()
            + " within "
            + READY_TIMEOUT
            + ":\n"
            + output);
  }

  private static Path executable() {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "caddy");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static Path mkdir(Path dir) throws IOException {
    return Files.createDirectories(dir);
  }

  private static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      List<Path> all = paths.sorted(Comparator.reverseOrder()).toList();
      for (Path path : all) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // a leftover temp directory is harmless; the test result matters more
    }
  }
}

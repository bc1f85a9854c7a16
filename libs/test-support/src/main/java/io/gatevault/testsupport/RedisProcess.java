package io.gatevault.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
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
 * A real Redis for tests: {@code redis-server} on {@code 127.0.0.1:<free port>} with its own
 * working directory, no persistence ({@code --save "" --appendonly no}), ready when it answers
 * {@code PING} with {@code +PONG}, stopped by its own PID.
 *
 * <p>Redis comes from the system ({@code apt-get install -y redis-server}; .ci/run installs it);
 * {@link #isInstalled()} lets a test be skipped with that reason rather than pass without running.
 */
public final class RedisProcess implements AutoCloseable {

  /** Why a test that needs Redis was skipped, for {@code Assumptions.assumeTrue}. */
  public static final String NOT_INSTALLED =
      "redis-server is not on the PATH: install it with `apt-get install -y redis-server`";

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final Process process;
  private final Path workDir;
  private final Path log;
  private final int port;

  private RedisProcess(Process process, Path workDir, Path log, int port) {
    this.process = process;
    this.workDir = workDir;
    this.log = log;
    this.port = port;
  }

  /** Whether a {@code redis-server} executable is on the PATH. */
  public static boolean isInstalled() {
    return executable() != null;
  }

  /**
   * Starts redis-server on a free loopback port and waits until it answers PING.
   *
   * @throws IllegalStateException when redis-server is not installed, exits, or does not answer in
   *     time, with the end of its log
   */
  public static RedisProcess start() {
    Path redis = executable();
    if (redis == null) {
      throw new IllegalStateException(NOT_INSTALLED);
    }
    try {
      int port = CaddyProcess.freePort();
      Path workDir = Files.createTempDirectory("gatevault-redis-");
      Path log = workDir.resolve("redis.log");
      ProcessBuilder builder =
          new ProcessBuilder(
                  redis.toString(),
                  "--bind",
                  "127.0.0.1",
                  "--port",
                  Integer.toString(port),
                  "--dir",
                  workDir.toString(),
                  "--save",
                  "",
                  "--appendonly",
                  "no",
                  "--daemonize",
                  "no",
                  "--protected-mode",
                  "yes")
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      RedisProcess started = new RedisProcess(builder.start(), workDir, log, port);
      started.awaitReady();
      return started;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start redis-server: " + e.getMessage(), e);
    }
  }

  public int port() {
    return port;
  }

  public String host() {
    return "127.0.0.1";
  }

  public long pid() {
    return process.pid();
  }

  public boolean isRunning() {
    return process.isAlive();
  }

  /**
   * Sends one command (inline form, arguments without spaces) and returns the first line of the
   * reply, e.g. {@code +PONG}, {@code :3}, {@code $-1}.
   *
   * @throws UncheckedIOException when Redis does not answer
   */
  public String command(String... arguments) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host(), port), 1000);
      socket.setSoTimeout(2000);
      OutputStream out = socket.getOutputStream();
      out.write((String.join(" ", arguments) + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      return readLine(socket.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "redis-server on port " + port + " did not answer " + arguments[0], e);
    }
  }

  /** Redis's output so far, for assertion messages. */
  public String log() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  /** Stops this redis-server (SIGTERM to its PID, then SIGKILL) and removes its directory. */
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

  private void awaitReady() {
    Instant deadline = Instant.now().plus(READY_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        String output = log();
        deleteRecursively(workDir);
        throw new IllegalStateException(
            "redis-server exited with " + process.exitValue() + " before it was ready:\n" + output);
      }
      try {
        if ("+PONG".equals(command("PING"))) {
          return;
        }
      } catch (UncheckedIOException notYet) {
        // not listening yet
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new IllegalStateException("Interrupted while waiting for redis-server", e);
      }
    }
    String output = log();
    close();
    throw new IllegalStateException(
        "redis-server did not answer PING on 127.0.0.1:"
            + port
            + " within "
            + READY_TIMEOUT
            + ":\n"
            + output);
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (c != '\r') {
        line.append((char) c);
      }
    }
    if (c == -1 && line.isEmpty()) {
      throw new IOException("connection closed without a reply");
    }
    return line.toString();
  }

  private static Path executable() {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "redis-server");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
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

package io.gatevault.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

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

  private final ManagedProcess process;
  private final int port;

  private RedisProcess(ManagedProcess process, int port) {
    this.process = process;
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
    int port = CaddyProcess.freePort();
    Path workDir = ManagedProcess.workDirectory("redis");
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
            "yes");
    return new RedisProcess(
        ManagedProcess.start(
            "redis-server",
            builder,
            workDir,
            READY_TIMEOUT,
            () -> "+PONG".equals(command(port, "PING")),
            "answer PING on 127.0.0.1:" + port),
        port);
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
    return process.isRunning();
  }

  /**
   * Sends one command (inline form, arguments without spaces) and returns the first line of the
   * reply, e.g. {@code +PONG}, {@code :3}, {@code $-1}.
   *
   * @throws UncheckedIOException when Redis does not answer
   */
  public String command(String... arguments) {
    return command(port, arguments);
  }

  private static String command(int port, String... arguments) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
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
    return process.log();
  }

  /** Stops this redis-server (SIGTERM to its PID, then SIGKILL) and removes its directory. */
  @Override
  public void close() {
    process.close();
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
    return ManagedProcess.executable("redis-server");
  }
}

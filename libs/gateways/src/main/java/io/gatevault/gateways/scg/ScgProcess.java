package io.gatevault.gateways.scg;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs the Gatevault Spring Cloud Gateway testbed (module {@code testbeds/spring-cloud-gateway}) as
 * a child JVM, so {@code gatevault demo} and tests have a real gateway on a machine with only a
 * JDK: loopback ports (free ones unless given), {@code -Xmx256m}, ready when it prints {@code
 * GATEWAY READY port=<p> management=<m>}, stopped by its own PID.
 *
 * <p>The executable jar is found through the system property {@value #JAR_PROPERTY}, the
 * environment variable {@value #JAR_ENV}, or by walking up from the working directory to {@value
 * #JAR_DIRECTORY}/gatevault-testbed-scg-*-exec.jar (a source checkout after {@code ./mvnw
 * package}).
 */
public final class ScgProcess implements AutoCloseable {

  /** System property naming the testbed's executable jar. */
  public static final String JAR_PROPERTY = "gatevault.scg.jar";

  /** Environment variable naming the testbed's executable jar. */
  public static final String JAR_ENV = "GATEVAULT_SCG_JAR";

  /** Where a source checkout builds the jar, relative to the repository root. */
  public static final String JAR_DIRECTORY = "testbeds/spring-cloud-gateway/target";

  /** Time allowed for start-up; SCG takes ~5-20 s on a busy two-core machine. */
  public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(120);

  private static final Duration STOP_GRACE = Duration.ofSeconds(10);
  private static final Pattern READY =
      Pattern.compile("GATEWAY READY port=(\\d+) management=(\\d+)");
  private static final Pattern JAR_NAME = Pattern.compile("gatevault-testbed-scg-.*-exec\\.jar");
  private static final int TAIL_LINES = 40;

  private final Process process;
  private final Path log;
  private final URI proxyUrl;
  private final URI managementUrl;
  private final Duration startupTime;
  private final Thread shutdownHook;

  private ScgProcess(
      Process process, Path log, int proxyPort, int managementPort, Duration startupTime) {
    this.process = process;
    this.log = log;
    this.proxyUrl = URI.create("http://127.0.0.1:" + proxyPort);
    this.managementUrl = URI.create("http://127.0.0.1:" + managementPort);
    this.startupTime = startupTime;
    this.shutdownHook = new Thread(this::stop, "stop-scg-" + process.pid());
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * How to start the gateway.
   *
   * @param jar the testbed's executable jar
   * @param proxyPort port for traffic, 0 for a free one
   * @param managementPort port for the actuator (admin API), 0 for a free one; must differ from the
   *     proxy port
   * @param readyTimeout how long start-up may take
   * @param log file for the gateway's output (created or truncated)
   * @param extraArguments further Spring Boot arguments, e.g. {@code --logging.level.root=INFO}
   */
  public record Options(
      Path jar,
      int proxyPort,
      int managementPort,
      Duration readyTimeout,
      Path log,
      List<String> extraArguments) {

    public Options {
      if (jar == null) {
        throw new IllegalArgumentException("ScgProcess.Options.jar is required");
      }
      if (proxyPort != 0 && proxyPort == managementPort) {
        throw new IllegalArgumentException(
            "The gateway's proxy and management ports must differ, both were " + proxyPort);
      }
      readyTimeout = readyTimeout == null ? DEFAULT_READY_TIMEOUT : readyTimeout;
      extraArguments = extraArguments == null ? List.of() : List.copyOf(extraArguments);
    }

    /** Free ports, default timeout, a temporary log file, the jar found by {@link #locateJar()}. */
    public static Options defaults() {
      return new Options(locateJar(), 0, 0, DEFAULT_READY_TIMEOUT, null, List.of());
    }

    public Options withPorts(int proxy, int management) {
      return new Options(jar, proxy, management, readyTimeout, log, extraArguments);
    }

    public Options withLog(Path file) {
      return new Options(jar, proxyPort, managementPort, readyTimeout, file, extraArguments);
    }

    public Options withExtraArguments(List<String> arguments) {
      return new Options(jar, proxyPort, managementPort, readyTimeout, log, arguments);
    }
  }

  /** Starts the testbed with {@link Options#defaults()}. */
  public static ScgProcess start() {
    return start(Options.defaults());
  }

  /**
   * Starts the testbed and waits until it routes and its actuator answers.
   *
   * @throws IllegalStateException with the end of the gateway's output, when it exits or does not
   *     get ready in time (the process is stopped then)
   */
  public static ScgProcess start(Options options) {
    if (!Files.isRegularFile(options.jar())) {
      throw new IllegalStateException(
          "Spring Cloud Gateway testbed jar "
              + options.jar()
              + " does not exist: build it with"
              + " ./mvnw -pl testbeds/spring-cloud-gateway -am package -DskipTests");
    }
    Path log;
    try {
      log = options.log() != null ? options.log() : Files.createTempFile("gatevault-scg-", ".log");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a log file for the gateway", e);
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    // Start-up dominates a short-lived test gateway's life; C1 alone starts it faster.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-jar");
    command.add(options.jar().toString());
    command.add("--server.address=127.0.0.1");
    command.add("--server.port=" + options.proxyPort());
    command.add("--management.server.address=127.0.0.1");
    command.add("--management.server.port=" + options.managementPort());
    command.addAll(options.extraArguments());

    long started = System.nanoTime();
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the gateway: " + String.join(" ", command), e);
    }
    Deque<String> tail = new ArrayDeque<>();
    CompletableFuture<int[]> ready = new CompletableFuture<>();
    Thread pump = new Thread(() -> pump(process, log, tail, ready), "scg-output-" + process.pid());
    pump.setDaemon(true);
    pump.start();
    try {
      int[] ports = ready.get(options.readyTimeout().toMillis(), TimeUnit.MILLISECONDS);
      return new ScgProcess(
          process, log, ports[0], ports[1], Duration.ofNanos(System.nanoTime() - started));
    } catch (TimeoutException | ExecutionException e) {
      stop(process);
      String why =
          e instanceof TimeoutException
              ? "was not ready within " + options.readyTimeout().toSeconds() + " s"
              : "exited with code " + process.exitValue() + " before it was ready";
      throw new IllegalStateException(
          "Spring Cloud Gateway testbed (pid "
              + process.pid()
              + ") "
              + why
              + "; full log "
              + log
              + ", last lines:\n"
              + tail(tail),
          e);
    } catch (InterruptedException e) {
      stop(process);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while the gateway was starting", e);
    }
  }

  /**
   * The testbed's executable jar: {@value #JAR_PROPERTY}, else {@value #JAR_ENV}, else the newest
   * match under {@value #JAR_DIRECTORY} in the working directory or one of its parents.
   *
   * @throws IllegalStateException saying how to build or name the jar, when none is found
   */
  public static Path locateJar() {
    String named = System.getProperty(JAR_PROPERTY);
    if (named == null || named.isBlank()) {
      named = System.getenv(JAR_ENV);
    }
    if (named != null && !named.isBlank()) {
      return Path.of(named);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Optional<Path> jar = newestJar(dir.resolve(JAR_DIRECTORY));
      if (jar.isPresent()) {
        return jar.get();
      }
    }
    throw new IllegalStateException(
        "No Spring Cloud Gateway testbed jar found: build it with ./mvnw -pl"
            + " testbeds/spring-cloud-gateway -am package -DskipTests in the Gatevault checkout, or"
            + " name it with -D"
            + JAR_PROPERTY
            + "=<path> or "
            + JAR_ENV
            + "=<path>");
  }

  private static Optional<Path> newestJar(Path directory) {
    if (!Files.isDirectory(directory)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(f -> JAR_NAME.matcher(f.getFileName().toString()).matches())
          .max(Comparator.comparingLong(ScgProcess::modified));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static long modified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }

  /** Copies the gateway's output to the log, keeps its last lines, and spots the READY line. */
  private static void pump(
      Process process, Path log, Deque<String> tail, CompletableFuture<int[]> ready) {
    try (BufferedReader output =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Writer file = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      String line;
      while ((line = output.readLine()) != null) {
        file.write(line);
        file.write('\n');
        file.flush();
        synchronized (tail) {
          tail.addLast(line);
          if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
          }
        }
        Matcher matcher = READY.matcher(line);
        if (!ready.isDone() && matcher.find()) {
          ready.complete(
              new int[] {Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2))});
        }
      }
    } catch (IOException e) {
      // The stream closes when the process ends; a failing log file must not hide that.
    }
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ready.completeExceptionally(
        new IllegalStateException("gateway exited with code " + process.exitValue()));
  }

  private static String tail(Deque<String> tail) {
    synchronized (tail) {
      return tail.isEmpty() ? "(no output)" : String.join("\n", tail);
    }
  }

  /** Where the gateway serves traffic, e.g. {@code http://127.0.0.1:41234}. */
  public URI proxyUrl() {
    return proxyUrl;
  }

  /** The management server: the adapter's admin-url, e.g. {@code http://127.0.0.1:41235}. */
  public URI managementUrl() {
    return managementUrl;
  }

  /** The gateway's process id. */
  public long pid() {
    return process.pid();
  }

  /** The file with the gateway's output. */
  public Path log() {
    return log;
  }

  /** From launch to the READY line. */
  public Duration startupTime() {
    return startupTime;
  }

  /** Whether the gateway process is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Stops the gateway: a normal termination, forced after 10 s. */
  public void stop() {
    stop(process);
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // Called from the hook itself while the JVM exits.
    }
  }

  @Override
  public void close() {
    stop();
  }

  private static void stop(Process process) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}

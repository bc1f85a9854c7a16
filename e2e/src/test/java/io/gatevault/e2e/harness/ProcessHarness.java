package io.gatevault.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts separate operating-system processes for an end-to-end suite (scripts, service jars), each
 * with its output in its own file under {@link #logDirectory()}, and stops every one of them by its
 * PID when closed - in reverse start order, politely (SIGTERM) first, forcibly after a grace
 * period.
 *
 * <p>A JVM shutdown hook closes the harness too, so a suite killed by Failsafe's timeout does not
 * leave processes behind.
 */
public final class ProcessHarness implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ProcessHarness.class);
  private static final Duration STOP_GRACE = Duration.ofSeconds(20);

  private final Path logDirectory;
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final Thread shutdownHook;

  public ProcessHarness() {
    this(defaultLogDirectory());
  }

  public ProcessHarness(Path logDirectory) {
    this.logDirectory = logDirectory;
    try {
      Files.createDirectories(logDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the e2e log directory " + logDirectory, e);
    }
    this.shutdownHook = new Thread(this::stopAll, "e2e-process-harness-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** The root of the Gatevault repository (where {@code mvnw} and {@code infra/} are). */
  public static Path repositoryRoot() {
    String configured = System.getProperty("gatevault.repository.root");
    Path start =
        configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().normalize();
    for (Path candidate = start.toAbsolutePath().normalize();
        candidate != null;
        candidate = candidate.getParent()) {
      if (Files.isRegularFile(candidate.resolve("mvnw"))
          && Files.isDirectory(candidate.resolve("infra"))) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "Cannot find the Gatevault repository root (a folder with mvnw and infra/) from "
            + start
            + "; run the suite through Maven or set -Dgatevault.repository.root.");
  }

  /** Where process logs go: {@code -Dgatevault.e2e.logs}, else {@code e2e/target/logs}. */
  public static Path defaultLogDirectory() {
    String configured = System.getProperty("gatevault.e2e.logs");
    return configured != null
        ? Path.of(configured)
        : repositoryRoot().resolve("e2e").resolve("target").resolve("logs");
  }

  /**
   * A port on 127.0.0.1 that was free a moment ago. Another process may take it before ours binds
   * it; on this single test machine that race is rare enough to accept.
   */
  public static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port on 127.0.0.1", e);
    }
  }

  public Path logDirectory() {
    return logDirectory;
  }

  /**
   * Starts {@code command} with its standard output and error appended to {@code <name>.log}.
   *
   * @param environment variables added to this JVM's environment
   */
  public synchronized StartedProcess start(
      String name, List<String> command, Map<String, String> environment, Path workingDirectory) {
    Path logFile = logDirectory.resolve(name + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workingDirectory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
    builder.environment().putAll(environment);
    try {
      Process process = builder.start();
      StartedProcess startedProcess = new StartedProcess(name, process, logFile);
      resources.addLast(startedProcess);
      log.info("Started {} (pid {}), log {}", name, process.pid(), logFile);
      return startedProcess;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + name + " with " + command, e);
    }
  }

  /** Starts an executable jar with the java of this JVM, bounded heap, on loopback. */
  public StartedProcess startJar(
      String name,
      Path jar,
      List<String> jvmOptions,
      List<String> arguments,
      Map<String, String> environment) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "No executable jar " + jar + " for " + name + "; build it first with ./mvnw package.");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Djava.net.preferIPv4Stack=true");
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(arguments);
    return start(name, command, environment, repositoryRoot());
  }

  /** Stops every started process that still runs, newest first, by PID. */
  @Override
  public void close() {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // The hook is running or ran: nothing left to unregister.
    }
  }

  /**
   * Closes {@code resource} (a broker, a server) when the harness closes, in reverse order of
   * registration together with the processes started here.
   */
  public synchronized <T extends AutoCloseable> T closeWithHarness(T resource) {
    resources.addLast(resource);
    return resource;
  }

  private synchronized void stopAll() {
    // pollLast, not iteration: closing a broker runs broker.sh stop, which registers one more
    // (short-lived) process while we are closing.
    for (AutoCloseable resource = resources.pollLast();
        resource != null;
        resource = resources.pollLast()) {
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("Could not stop {}: {}", resource, e.getMessage());
      }
    }
  }

  private static java.io.File nullDevice() {
    return new java.io.File(
        System.getProperty("os.name").toLowerCase().contains("win") ? "NUL" : "/dev/null");
  }

  /** One process started by the harness. */
  public record StartedProcess(String name, Process process, Path logFile)
      implements AutoCloseable {

    @Override
    public void close() {
      if (process.isAlive()) {
        stop(STOP_GRACE);
      }
    }

    public long pid() {
      return process.pid();
    }

    public boolean isAlive() {
      return process.isAlive();
    }

    /** The process's output so far (for assertions and failure messages). */
    public String output() {
      try {
        return Files.exists(logFile) ? Files.readString(logFile) : "";
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + logFile, e);
      }
    }

    /** Waits for the process to exit on its own and returns its exit code. */
    public int awaitExit(Duration timeout) {
      try {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          stop(Duration.ofSeconds(5));
          throw new IllegalStateException(
              name + " (pid " + pid() + ") did not finish within " + timeout + "; see " + logFile);
        }
        return process.exitValue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for " + name, e);
      }
    }

    /** SIGTERM to the process and its descendants by PID, SIGKILL after {@code grace}. */
    public void stop(Duration grace) {
      ProcessHandle handle = process.toHandle();
      List<ProcessHandle> family = new ArrayList<>(handle.descendants().toList());
      family.add(handle);
      family.forEach(ProcessHandle::destroy);
      long deadline = System.nanoTime() + grace.toNanos();
      for (ProcessHandle member : family) {
        long remaining = Math.max(0, deadline - System.nanoTime());
        try {
          member.onExit().get(remaining, TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException notYet) {
          log.warn("{} (pid {}) ignored SIGTERM for {}; killing it", name, member.pid(), grace);
          member.destroyForcibly();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          member.destroyForcibly();
        }
      }
    }
  }
}

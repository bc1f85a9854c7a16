package io.gatevault.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A server a test runs as a child process (Caddy, redis-server): started in its own temporary
 * working directory with its output in a log file there, ready when a check passes, stopped by its
 * own PID (SIGTERM, then SIGKILL) with the directory removed. A process that exits or does not get
 * ready in time fails the start with the end of its log, and leaves nothing behind.
 */
public final class ManagedProcess implements AutoCloseable {

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration CHECK_INTERVAL = Duration.ofMillis(50);

  private final String name;
  private final Process process;
  private final Path workDir;
  private final Path log;

  private ManagedProcess(String name, Process process, Path workDir, Path log) {
    this.name = name;
    this.process = process;
    this.workDir = workDir;
    this.log = log;
  }

  /** The executable's path when one named {@code name} is on the PATH, else null. */
  public static Path executable(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** A fresh temporary working directory for one process ({@code gatevault-<name>-…}). */
  public static Path workDirectory(String name) {
    try {
      return Files.createTempDirectory("gatevault-" + name + "-");
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create a working directory for " + name, e);
    }
  }

  /**
   * Starts {@code builder} (its working directory and output are set here) and waits until {@code
   * ready} answers true.
   *
   * @param name names the process in messages and its log file ({@code <name>.log})
   * @param workDir from {@link #workDirectory}; removed when the start fails or on {@link #close}
   * @param ready checked every 50 ms; may throw {@link UncheckedIOException} while the process is
   *     not listening yet
   * @param readyMeans what {@code ready} checks, for the timeout message ("answer PING on …")
   * @throws IllegalStateException when the process exits or is not ready within {@code timeout},
   *     with its log
   */
  public static ManagedProcess start(
      String name,
      ProcessBuilder builder,
      Path workDir,
      Duration timeout,
      BooleanSupplier ready,
      String readyMeans) {
    Path log = workDir.resolve(name + ".log");
    Process process;
    try {
      process =
          builder
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      deleteRecursively(workDir);
      throw new UncheckedIOException("Could not start " + name + ": " + e.getMessage(), e);
    }
    ManagedProcess started = new ManagedProcess(name, process, workDir, log);
    started.awaitReady(timeout, ready, readyMeans);
    return started;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isRunning() {
    return process.isAlive();
  }

  /** The process's output so far, for assertion messages. */
  public String log() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  /** Stops the process (SIGTERM to its PID, then SIGKILL) and removes its working directory. */
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

  private void awaitReady(Duration timeout, BooleanSupplier ready, String readyMeans) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        String output = log();
        deleteRecursively(workDir);
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + " before it was ready:\n" + output);
      }
      try {
        if (ready.getAsBoolean()) {
          return;
        }
      } catch (UncheckedIOException notYet) {
        // not listening yet
      }
      try {
        Thread.sleep(CHECK_INTERVAL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new IllegalStateException("Interrupted while waiting for " + name, e);
      }
    }
    String output = log();
    close();
    throw new IllegalStateException(
        name + " did not " + readyMeans + " within " + timeout + ":\n" + output);
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

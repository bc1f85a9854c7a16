package io.gatevault.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka broker of {@code infra/kafka/broker.sh}, run as its own process on 127.0.0.1 with its
 * own data directory - the way operators run it, script and all.
 *
 * <p>Start and stop go through the script ({@code start} waits until the broker serves clients;
 * {@code stop} stops only the PID in the data directory's pid file). {@link #close()} stops it and
 * copies the broker's log next to the other e2e logs.
 */
public final class StandaloneBroker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StandaloneBroker.class);
  // The first start may fetch the Kafka jars through the Maven wrapper; later ones take ~5 s.
  private static final Duration START_TIMEOUT = Duration.ofSeconds(150);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);

  private final ProcessHarness harness;
  private final Path dataDirectory;
  private final int port;
  private final int controllerPort;
  private final Path script;
  private int scriptRuns;
  private String bootstrapServers;

  private StandaloneBroker(ProcessHarness harness, Path dataDirectory, int port) {
    this.harness = harness;
    this.dataDirectory = dataDirectory;
    this.port = port;
    this.controllerPort = ProcessHarness.freeLoopbackPort();
    this.script = ProcessHarness.repositoryRoot().resolve("infra/kafka/broker.sh");
  }

  /** Starts a broker on a free loopback port, keeping its data in {@code dataDirectory}. */
  public static StandaloneBroker start(ProcessHarness harness, Path dataDirectory) {
    StandaloneBroker broker =
        harness.closeWithHarness(
            new StandaloneBroker(harness, dataDirectory, ProcessHarness.freeLoopbackPort()));
    broker.start();
    return broker;
  }

  /** Starts the broker (again) on the same port and data directory; a running one is kept. */
  public synchronized StandaloneBroker start() {
    ScriptResult result =
        runScript(
            "start",
            START_TIMEOUT,
            "--port",
            String.valueOf(port),
            "--controller-port",
            String.valueOf(controllerPort),
            "--data-dir",
            dataDirectory.toString());
    if (result.exitCode() != 0) {
      throw new IllegalStateException(
          "infra/kafka/broker.sh start failed (exit "
              + result.exitCode()
              + "); its output:\n"
              + result.output()
              + "\nbroker log: "
              + dataDirectory.resolve("broker.log"));
    }
    // The script prints diagnostics on stderr and the bootstrap servers as its last stdout line.
    List<String> lines = result.output().lines().toList();
    bootstrapServers = lines.get(lines.size() - 1).trim();
    if (!bootstrapServers.equals("127.0.0.1:" + port)) {
      throw new IllegalStateException(
          "broker.sh start printed '" + bootstrapServers + "', expected 127.0.0.1:" + port);
    }
    log.info("Standalone broker on {} (pid {})", bootstrapServers, pid().orElse(-1L));
    return this;
  }

  /** Stops the broker by the PID in its pid file and waits until that process is gone. */
  public synchronized void stop() {
    Optional<Long> pid = pid();
    ScriptResult result = runScript("stop", STOP_TIMEOUT, "--data-dir", dataDirectory.toString());
    if (result.exitCode() != 0) {
      throw new IllegalStateException(
          "infra/kafka/broker.sh stop failed (exit "
              + result.exitCode()
              + "):\n"
              + result.output());
    }
    pid.flatMap(ProcessHandle::of)
        .ifPresent(
            handle -> {
              if (handle.isAlive()) {
                throw new IllegalStateException(
                    "broker.sh stop returned but the broker (pid " + handle.pid() + ") still runs");
              }
            });
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public Path dataDirectory() {
    return dataDirectory;
  }

  /** The broker's PID from its pid file, while it runs. */
  public Optional<Long> pid() {
    Path pidFile = dataDirectory.resolve("broker.pid");
    try {
      if (!Files.exists(pidFile)) {
        return Optional.empty();
      }
      return Optional.of(Long.parseLong(Files.readString(pidFile).trim()));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + pidFile, e);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Whether the process in the pid file runs. */
  public boolean isRunning() {
    return pid().flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false);
  }

  @Override
  public String toString() {
    return "standalone Kafka broker on 127.0.0.1:" + port + " (data in " + dataDirectory + ")";
  }

  @Override
  public synchronized void close() {
    try {
      if (isRunning()) {
        stop();
      }
    } finally {
      copyBrokerLog();
    }
  }

  private void copyBrokerLog() {
    Path brokerLog = dataDirectory.resolve("broker.log");
    if (Files.exists(brokerLog)) {
      try {
        Files.copy(
            brokerLog,
            harness.logDirectory().resolve("kafka-broker-" + port + ".log"),
            StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        log.warn("Could not keep the broker log {}: {}", brokerLog, e.getMessage());
      }
    }
  }

  private ScriptResult runScript(String command, Duration timeout, String... options) {
    List<String> commandLine = new ArrayList<>(List.of("bash", script.toString(), command));
    commandLine.addAll(List.of(options));
    String name = "broker-sh-" + port + "-" + command + "-" + (++scriptRuns);
    ProcessHarness.StartedProcess run =
        harness.start(name, commandLine, Map.of(), ProcessHarness.repositoryRoot());
    int exitCode = run.awaitExit(timeout);
    return new ScriptResult(exitCode, run.output());
  }

  private record ScriptResult(int exitCode, String output) {}
}

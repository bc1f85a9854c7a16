package io.gatevault.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A child process started, awaited and stopped by its own PID, with real processes of the OS. */
class ManagedProcessIT {

  @Test
  void aReadyProcessRunsUntilClosedAndLeavesNothingBehind() {
    Path workDir = ManagedProcess.workDirectory("sleeper");
    ManagedProcess sleeper =
        ManagedProcess.start(
            "sleeper",
            new ProcessBuilder("sh", "-c", "echo started; exec sleep 60"),
            workDir,
            Duration.ofSeconds(10),
            () -> Files.exists(workDir.resolve("sleeper.log")),
            "write its log");
    long pid = sleeper.pid();

    assertThat(sleeper.isRunning()).isTrue();
    assertThat(ProcessHandle.of(pid)).isPresent();

    sleeper.close();

    assertThat(sleeper.isRunning()).isFalse();
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(workDir).doesNotExist();
  }

  @Test
  void aProcessThatExitsBeforeItIsReadyFailsTheStartWithItsLog() {
    Path workDir = ManagedProcess.workDirectory("quitter");

    assertThatThrownBy(
            () ->
                ManagedProcess.start(
                    "quitter",
                    new ProcessBuilder("sh", "-c", "echo bad configuration; exit 3"),
                    workDir,
                    Duration.ofSeconds(10),
                    () -> false,
                    "answer"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("quitter exited with 3 before it was ready")
        .hasMessageContaining("bad configuration");
    assertThat(workDir).doesNotExist();
  }

  @Test
  void aProcessNeverReadyIsStoppedAndNamedWithWhatItDidNotDo() {
    Path workDir = ManagedProcess.workDirectory("silent");

    assertThatThrownBy(
            () ->
                ManagedProcess.start(
                    "silent",
                    new ProcessBuilder("sh", "-c", "echo waiting; exec sleep 60"),
                    workDir,
                    Duration.ofMillis(500),
                    () -> false,
                    "answer PING on 127.0.0.1:1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("silent did not answer PING on 127.0.0.1:1 within PT0.5S")
        .hasMessageContaining("waiting");
    assertThat(workDir).doesNotExist();
  }

  @Test
  void anExecutableIsFoundOnThePathOrNotAtAll() {
    assertThat(ManagedProcess.executable("sh")).isNotNull();
    assertThat(ManagedProcess.executable("no-such-executable-gatevault")).isNull();
  }
}

package io.gatevault.allinone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GatevaultCommandTest {

  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private Run run(String... args) {
    CommandLine commandLine = GatevaultCommand.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int exit = commandLine.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void helpListsEveryCommandAndTheExitCodes() {
    Run run = run("--help");
    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .contains("up", "config", "status", "backup", "audit")
        .contains("Exit codes")
        .contains("3  the control plane could not be reached");
  }

  @Test
  void anInvalidConfigurationExitsWithTwoAndNamesTheSetting() throws Exception {
    Path file = dir.resolve("bad.yml");
    Files.writeString(file, "kafka:\n  mode: external\n");
    Run run = run("up", "--config", file.toString());
    assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("kafka.bootstrap-servers").contains("Fix:");
  }

  @Test
  void configCheckAcceptsTheShippedConfiguration() {
    Run run = run("config", "check", "--config", "../../gatevault.yml");
    assertThat(run.exit()).as(run.err()).isZero();
  }

  @Test
  void anUnreachableControlPlaneExitsWithThreeAndSaysHowToStartIt() {
    Run run = run("status", "--url", "http://127.0.0.1:9");
    assertThat(run.exit()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(run.err()).contains("Cannot reach the Gatevault control plane").contains("up");
  }

  @Test
  void anUnknownCommandIsAUsageError() {
    assertThat(run("bakcup").exit()).isEqualTo(ExitCodes.USAGE);
  }
}

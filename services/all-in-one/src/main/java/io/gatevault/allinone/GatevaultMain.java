package io.gatevault.allinone;

import io.gatevault.allinone.cli.GatevaultCommand;
import picocli.CommandLine;

/** Entry point of the {@code gatevault} command (the launcher script runs this jar). */
public final class GatevaultMain {

  private GatevaultMain() {}

  public static void main(String[] args) {
    int exit = GatevaultCommand.commandLine().execute(args);
    if (exit != 0 || !GatevaultCommand.keepsRunning(args)) {
      System.exit(exit);
    }
  }

  /** For tests: runs the command line and returns its exit code. */
  public static int run(String... args) {
    return new CommandLine(new GatevaultCommand()).execute(args);
  }
}

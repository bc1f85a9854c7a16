package io.gatevault.allinone.cli;

import io.gatevault.allinone.config.InvalidConfigurationException;
import io.gatevault.allinone.gdpr.GdprCommand;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code gatevault} command and its subcommands. */
@Command(
    name = "gatevault",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Backup and point-in-time recovery for API gateway configurations.",
      "",
      "Start the embedded default with `gatevault up`, then use the other commands against it."
    },
    subcommands = {
      UpCommand.class,
      ConfigCommand.class,
      StatusCommand.class,
      BackupCommand.class,
      ListCommand.class,
      ShowCommand.class,
      RestoreCommand.class,
      PruneCommand.class,
      AuditCommand.class,
      KeysCommand.class,
      CatalogCommand.class,
      ComplianceCommand.class,
      GdprCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    },
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  success",
      "  1  the operation failed",
      "  2  wrong command line or configuration (nothing was done)",
      "  3  the control plane could not be reached (is `gatevault up` running?)",
      "  4  partly done: the report names what is left (e.g. gdpr erase blocked by object lock)",
      "  5  restore --at: the newest known state was restored (or planned), but the change log is",
      "     known complete only until a time before the target (capture behind or down?)",
      "",
      "Configuration: gatevault.yml (see docs/configuration.md)."
    })
public final class GatevaultCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** The command line with Gatevault's error handling: config problems exit 2 with the list. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new GatevaultCommand());
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parseResult) -> {
          if (e instanceof InvalidConfigurationException invalid) {
            cmd.getErr().println(invalid.getMessage());
            return ExitCodes.USAGE;
          }
          if (e instanceof ControlPlaneUnreachableException unreachable) {
            cmd.getErr().println(unreachable.getMessage());
            return ExitCodes.UNREACHABLE;
          }
          cmd.getErr().println("gatevault: " + e.getMessage());
          return ExitCodes.FAILED;
        });
    return commandLine;
  }

  /** Whether the command leaves threads running after it returns (the stack). */
  public static boolean keepsRunning(String[] args) {
    return Arrays.asList(args).contains("up")
        && !Arrays.asList(args).contains("--help")
        && !Arrays.asList(args).contains("-h");
  }
}

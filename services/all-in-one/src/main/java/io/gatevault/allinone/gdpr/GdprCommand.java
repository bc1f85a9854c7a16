package io.gatevault.allinone.gdpr;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code gatevault gdpr}: personal data in backups (erasure of one person's data). */
@Command(
    name = "gdpr",
    mixinStandardHelpOptions = true,
    description = "Personal data in the stored backups (GDPR): record of processing, erasure.",
    subcommands = {GdprEraseCommand.class, GdprRecordCommand.class})
public final class GdprCommand implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}

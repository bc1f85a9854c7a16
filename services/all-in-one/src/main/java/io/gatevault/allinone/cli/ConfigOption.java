package io.gatevault.allinone.cli;

import io.gatevault.allinone.config.ConfigLoader;
import io.gatevault.allinone.config.GatevaultConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config} option shared by the subcommands (also those of other packages). */
public final class ConfigOption {

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description =
          "Configuration file (default: $GATEVAULT_CONFIG, else gatevault.yml in the current"
              + " folder).")
  Path file;

  public Path path() {
    if (file != null) {
      return file;
    }
    String fromEnv = System.getenv("GATEVAULT_CONFIG");
    return Path.of(fromEnv == null || fromEnv.isBlank() ? "gatevault.yml" : fromEnv);
  }

  public GatevaultConfig load() {
    return ConfigLoader.load(path());
  }
}

package io.gatevault.allinone.cli;

import io.gatevault.allinone.config.ConfigLoader;
import io.gatevault.allinone.config.GatevaultConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config} option shared by the subcommands. */
final class ConfigOption {

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description =
          "Configuration file (default: $GATEVAULT_CONFIG, else gatevault.yml in the current"
              + " folder).")
  Path file;

  Path path() {
    if (file != null) {
      return file;
    }
    String fromEnv = System.getenv("GATEVAULT_CONFIG");
    return Path.of(fromEnv == null || fromEnv.isBlank() ? "gatevault.yml" : fromEnv);
  }

  GatevaultConfig load() {
    return ConfigLoader.load(path());
  }
}

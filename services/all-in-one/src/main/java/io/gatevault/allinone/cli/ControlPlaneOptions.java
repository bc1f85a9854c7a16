package io.gatevault.allinone.cli;

import io.gatevault.allinone.config.GatevaultConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where the control plane is: --url, else $GATEVAULT_URL, else host and port of the config. */
final class ControlPlaneOptions {

  @Mixin ConfigOption config = new ConfigOption();

  @Option(
      names = "--url",
      paramLabel = "URL",
      description = "Control-plane URL (default: $GATEVAULT_URL, else from the configuration).")
  String url;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  ControlPlaneClient client() {
    return new ControlPlaneClient(url());
  }

  String url() {
    if (url != null) {
      return url;
    }
    String fromEnv = System.getenv("GATEVAULT_URL");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    GatevaultConfig loaded = config.load();
    return "http://" + loaded.controlPlane().host() + ":" + loaded.controlPlane().port();
  }
}

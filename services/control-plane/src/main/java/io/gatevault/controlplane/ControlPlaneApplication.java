package io.gatevault.controlplane;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The control plane: the REST API that turns requests into commands on gatevault.commands and shows
 * the audit trail. Its settings live in {@code control-plane.yml}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ControlPlaneApplication {

  /** The name of this service's configuration file (control-plane.yml) and its consumer group. */
  public static final String NAME = "control-plane";

  public static void main(String[] args) {
    builder().run(args);
  }

  /** A builder for this service, configured from {@code control-plane.yml}. */
  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(ControlPlaneApplication.class)
        .web(WebApplicationType.SERVLET)
        .properties("spring.config.name=" + NAME);
  }
}

package io.gatevault.prune;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The prune service: applies the retention policy to a gateway's backups on every target, as a dry
 * run or for real, recording every deletion; see README.md. Its settings live in {@code prune.yml},
 * so it can share a JVM with other services.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PruneApplication {

  /** The name of this service's configuration file (prune.yml) and its consumer group. */
  public static final String NAME = "prune";

  public static void main(String[] args) {
    builder().run(args);
  }

  /** A builder for this service, configured from {@code prune.yml}. */
  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(PruneApplication.class)
        .web(WebApplicationType.NONE)
        .properties("spring.config.name=" + NAME);
  }
}

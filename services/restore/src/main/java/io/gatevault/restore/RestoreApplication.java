package io.gatevault.restore;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The restore service: restores a gateway from a verified backup, with integrity check, safety
 * snapshot, diff, dry run, probe and rollback (see README.md). Its settings live in {@code
 * restore.yml}, so it can share a JVM with other services.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RestoreApplication {

  /** The name of this service's configuration file (restore.yml) and its consumer group. */
  public static final String NAME = "restore";

  public static void main(String[] args) {
    builder().run(args);
  }

  /** A builder for this service, configured from {@code restore.yml}. */
  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(RestoreApplication.class)
        .web(WebApplicationType.NONE)
        .properties("spring.config.name=" + NAME);
  }
}

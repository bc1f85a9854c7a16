package io.gatevault.verify;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The verify service. In this release it receives replica notifications (ReplicaWritten),
 * de-duplicates them and audits what it received; see README.md for what comes next. Its settings
 * live in {@code verify.yml}, so it can share a JVM with other services.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class VerifyApplication {

  /** The name of this service's configuration file (verify.yml) and its consumer group. */
  public static final String NAME = "verify";

  public static void main(String[] args) {
    builder().run(args);
  }

  /** A builder for this service, configured from {@code verify.yml}. */
  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(VerifyApplication.class)
        .web(WebApplicationType.NONE)
        .properties("spring.config.name=" + NAME);
  }
}

package io.gatevault.verify;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The verify service: once an artifact's replicas are written, reads every copy back, checks its
 * SHA-256, unwraps its key, unseals and parses it, and publishes the VerificationResult. Its
 * settings live in {@code verify.yml}, so it can share a JVM with other services.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
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

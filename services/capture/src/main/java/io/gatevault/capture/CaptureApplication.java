package io.gatevault.capture;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The capture service: reads gateway configurations on request and publishes them as snapshot
 * chunks. Its settings live in {@code capture.yml}, so it can share a JVM with other services.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CaptureApplication {

  /** The name of this service's configuration file (capture.yml) and its consumer group. */
  public static final String NAME = "capture";

  public static void main(String[] args) {
    builder().run(args);
  }

  /** A builder for this service, configured from {@code capture.yml}. */
  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(CaptureApplication.class)
        .web(WebApplicationType.NONE)
        .properties("spring.config.name=" + NAME);
  }

  static SpringApplication application() {
    return builder().build();
  }
}

package io.gatevault.replicate;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The replicate service: writes every sealed artifact (SealedArtifact chunks and ArtifactManifest)
 * to every backup target and publishes one ReplicaWritten per copy; see README.md. Its settings
 * live in {@code replicate.yml}, so it can share a JVM with other services.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ReplicateApplication {

  /** The name of this service's configuration file (replicate.yml) and its consumer group. */
  public static final String NAME = "replicate";

  public static void main(String[] args) {
    builder().run(args);
  }

  /** A builder for this service, configured from {@code replicate.yml}. */
  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(ReplicateApplication.class)
        .web(WebApplicationType.NONE)
        .properties("spring.config.name=" + NAME);
  }
}

package io.gatevault.encrypt;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The encrypt service: reassembles snapshots from their chunks, checks them and seals them with
 * envelope encryption (AES-256-GCM, per-artifact data keys wrapped by the keyring). Its settings
 * live in {@code encrypt.yml}, so it can share a JVM with other services.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class EncryptApplication {

  /** The name of this service's configuration file (encrypt.yml) and its consumer group. */
  public static final String NAME = "encrypt";

  public static void main(String[] args) {
    builder().run(args);
  }

  /** A builder for this service, configured from {@code encrypt.yml}. */
  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(EncryptApplication.class)
        .web(WebApplicationType.NONE)
        .properties("spring.config.name=" + NAME);
  }

  static SpringApplication application() {
    return builder().build();
  }
}

package io.gatevault.stream;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings every Gatevault service shares, under {@code gatevault.*}. Services keep their own
 * settings under {@code gatevault.<service>.*}.
 *
 * @param serviceName name of this service (capture, encrypt, ...): the Kafka consumer group, the
 *     {@code producer} of its events, the actor of its audit records and part of its dead-letter
 *     topic names. Lower case letters, digits and dashes.
 * @param registry the schema registry every event's schema is registered in
 * @param stream how records are consumed, retried and de-duplicated
 */
@ConfigurationProperties("gatevault")
@Validated
public record GatevaultProperties(
    @NotBlank(message = "must be set to this service's name, e.g. gatevault.service-name=capture")
        @Pattern(
            regexp = "[a-z][a-z0-9-]*",
            message = "must be lower case letters, digits and dashes, e.g. capture")
        String serviceName,
    @Valid @NotNull @DefaultValue Registry registry,
    @Valid @NotNull @DefaultValue Stream stream) {

  /**
   * Where the Confluent-compatible schema registry is.
   *
   * @param url base URL of the registry (Confluent Schema Registry, Apicurio's ccompat API,
   *     Karapace, Redpanda or Gatevault's embedded one), e.g. http://127.0.0.1:8081. Required while
   *     bindings are enabled.
   */
  public record Registry(String url) {

    /** The URL, when given, must be an absolute http(s) URL. */
    @AssertTrue(
        message =
            "must be an absolute http(s) URL of a Confluent-compatible schema registry, e.g."
                + " gatevault.registry.url=http://127.0.0.1:8081")
    public boolean isUrlWellFormed() {
      if (url == null || url.isBlank()) {
        return true;
      }
      try {
        URI uri = URI.create(url.trim());
        return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
            && uri.getHost() != null;
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
  }

  /**
   * How this service consumes records.
   *
   * @param enabled false switches every binding off, so a context without Kafka (a unit or web
   *     test) starts at once instead of waiting minutes for a broker
   * @param maxAttempts attempts per record for transient failures, the first one included; then the
   *     record goes to its dead-letter topic. Permanent failures are never retried.
   * @param backOffInitial wait before the second attempt; doubles up to {@code backOffMax}
   * @param backOffMax longest wait between two attempts
   * @param processedEventsCapacity event ids each consumer remembers to ignore redeliveries
   * @param provisioningTimeout how long to wait for Kafka when creating the catalogue's topics
   */
  public record Stream(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("3")
          @Min(value = 1, message = "must be at least 1 (1 means no retry)")
          @Max(value = 10, message = "must be at most 10: longer retries block the partition")
          int maxAttempts,
      @DefaultValue("200ms") @NotNull Duration backOffInitial,
      @DefaultValue("5s") @NotNull Duration backOffMax,
      @DefaultValue("10000") @Min(value = 1, message = "must be at least 1")
          int processedEventsCapacity,
      @DefaultValue("30s") @NotNull Duration provisioningTimeout) {}

  /** A registry URL is needed as soon as records are read or written. */
  @AssertTrue(
      message =
          "gatevault.registry.url must be set while bindings are enabled: point it at a"
              + " Confluent-compatible schema registry, e.g."
              + " --gatevault.registry.url=http://127.0.0.1:8081, or set"
              + " gatevault.stream.enabled=false for a context without Kafka")
  public boolean isRegistryGivenWhenStreaming() {
    return stream == null
        || !stream.enabled()
        || (registry != null && registry.url() != null && !registry.url().isBlank());
  }
}

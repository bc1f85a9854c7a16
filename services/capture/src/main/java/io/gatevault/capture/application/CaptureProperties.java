package io.gatevault.capture.application;

import io.gatevault.core.gateway.GatewayDescriptor;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the capture service, under {@code gatevault.capture.*}.
 *
 * @param gateways the gateways this capture instance backs up; commands for any other gateway are
 *     audited as failures
 * @param requestTimeout how long one request to a gateway's admin API may take before it counts as
 *     unreachable (and is retried)
 */
@ConfigurationProperties("gatevault.capture")
@Validated
public record CaptureProperties(
    @Valid @DefaultValue List<Gateway> gateways,
    @DefaultValue("10s") @NotNull Duration requestTimeout) {

  /**
   * One gateway to back up.
   *
   * @param id Gatevault's id of the gateway, the key of its events (letters, digits, dot, dash,
   *     underscore)
   * @param type which adapter reads it; this release ships {@code http-json} (GET the admin URL,
   *     expect a JSON document)
   * @param adminUrl URL that returns the gateway's whole configuration
   * @param environment environment the gateway serves (the Environment tag), e.g. prod
   * @param application application or team it fronts (the Application tag)
   * @param owner who is accountable for it (the Owner tag)
   */
  public record Gateway(
      @NotBlank(message = "must be set: the id commands use for this gateway")
          @Pattern(
              regexp = "[A-Za-z0-9._-]+",
              message = "may only hold letters, digits, '.', '_' and '-'")
          String id,
      @NotBlank(message = "must be set; this release supports type http-json")
          @Pattern(
              regexp = "http-json",
              message = "is not supported yet: this release ships the http-json adapter only")
          String type,
      @NotNull(message = "must be the URL that returns the gateway's configuration") URI adminUrl,
      @NotBlank(message = "must be set, e.g. prod (it becomes the Environment tag)")
          String environment,
      @NotBlank(message = "must be set (it becomes the Application tag)") String application,
      @NotBlank(message = "must be set (it becomes the Owner tag)") String owner) {

    /** The admin URL must be http(s). */
    @AssertTrue(message = "admin-url must be an absolute http:// or https:// URL")
    public boolean isAdminUrlHttp() {
      return adminUrl == null
          || (("http".equals(adminUrl.getScheme()) || "https".equals(adminUrl.getScheme()))
              && adminUrl.getHost() != null);
    }

    public GatewayDescriptor descriptor() {
      return new GatewayDescriptor(id, type, adminUrl, environment, application, owner);
    }
  }

  /** Gateway ids must be unique, or commands would be ambiguous. */
  @AssertTrue(
      message = "gatevault.capture.gateways has two entries with the same id: ids must be unique")
  public boolean isEveryGatewayIdUnique() {
    Set<String> ids = new HashSet<>();
    return gateways == null
        || gateways.stream().map(Gateway::id).filter(id -> id != null).allMatch(ids::add);
  }
}

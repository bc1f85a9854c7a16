package io.gatevault.restore.application;

import io.gatevault.core.gateway.GatewayDescriptor;
import io.gatevault.gateways.GatewayAdapters;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
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
 * Settings of the restore service, under {@code gatevault.restore.*}.
 *
 * @param gateways the gateways restore may write to (same shape as {@code
 *     gatevault.capture.gateways}; scheduling fields there are ignored here)
 * @param requestTimeout how long one request to a gateway's admin API may take
 * @param safetySnapshotsKept how many safety snapshots (the configuration a target ran before a
 *     restore) this process keeps in memory
 */
@ConfigurationProperties("gatevault.restore")
@Validated
public record RestoreProperties(
    @Valid @DefaultValue List<Gateway> gateways,
    @DefaultValue("10s") @NotNull Duration requestTimeout,
    @DefaultValue("100") @Min(1) int safetySnapshotsKept) {

  /**
   * One gateway restore may write to.
   *
   * @param id Gatevault's id of the gateway
   * @param type adapter, one of {@code GatewayAdapters.TYPES} (caddy, http-json...)
   * @param adminUrl the gateway's admin endpoint (Caddy: e.g. http://127.0.0.1:2019)
   * @param environment environment it serves
   * @param application application or team it fronts
   * @param owner who is accountable for it
   */
  public record Gateway(
      @NotBlank(message = "must be set: the id restore requests use for this gateway")
          @Pattern(
              regexp = "[A-Za-z0-9._-]+",
              message = "may only hold letters, digits, '.', '_' and '-'")
          String id,
      @NotBlank(message = "must be set, e.g. caddy") String type,
      @NotNull(message = "must be the gateway's admin URL") URI adminUrl,
      @NotBlank(message = "must be set, e.g. prod") String environment,
      @NotBlank(message = "must be set") String application,
      @NotBlank(message = "must be set") String owner) {

    /** Only types an adapter exists for. */
    @AssertTrue(message = "type must be one of the gateway types Gatevault has adapters for")
    public boolean isTypeSupported() {
      return type == null || type.isBlank() || GatewayAdapters.TYPES.contains(type);
    }

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

  @AssertTrue(
      message = "gatevault.restore.gateways has two entries with the same id: ids must be unique")
  public boolean isEveryGatewayIdUnique() {
    Set<String> ids = new HashSet<>();
    return gateways == null
        || gateways.stream().map(Gateway::id).filter(id -> id != null).allMatch(ids::add);
  }
}

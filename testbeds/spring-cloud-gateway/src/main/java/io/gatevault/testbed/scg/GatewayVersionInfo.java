package io.gatevault.testbed.scg;

import java.util.Map;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.stereotype.Component;

/**
 * Tells {@code /actuator/info} which product and version this gateway is, so an adapter's probe can
 * report it (stock SCG has no version endpoint).
 */
@Component
class GatewayVersionInfo implements InfoContributor {

  @Override
  public void contribute(Info.Builder builder) {
    String version = RouteDefinition.class.getPackage().getImplementationVersion();
    builder.withDetail(
        "gateway",
        Map.of(
            "product", "spring-cloud-gateway", "version", version == null ? "unknown" : version));
  }
}

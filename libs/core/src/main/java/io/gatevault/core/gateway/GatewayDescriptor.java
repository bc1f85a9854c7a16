package io.gatevault.core.gateway;

import java.net.URI;

/**
 * A gateway Gatevault backs up, as configured by the operator.
 *
 * @param id Gatevault's id of the gateway; the Kafka key of its events
 * @param type gateway product, e.g. kong, caddy, spring-cloud-gateway, http-json
 * @param adminUrl where its configuration can be read
 * @param environment environment it serves (prod, test), part of storage paths and tags
 * @param application application or team the gateway fronts (the Application tag)
 * @param owner who is accountable for it (the Owner tag)
 */
public record GatewayDescriptor(
    String id, String type, URI adminUrl, String environment, String application, String owner) {

  public GatewayDescriptor {
    requireText(id, "id");
    requireText(type, "type");
    if (adminUrl == null) {
      throw new IllegalArgumentException("GatewayDescriptor.adminUrl is required but was null");
    }
    requireText(environment, "environment");
    requireText(application, "application");
    requireText(owner, "owner");
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          "GatewayDescriptor."
              + field
              + " is required but was "
              + (value == null ? "null" : "blank"));
    }
  }
}

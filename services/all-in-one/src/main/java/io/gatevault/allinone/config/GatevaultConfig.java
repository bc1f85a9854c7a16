package io.gatevault.allinone.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The settings of {@code gatevault.yml}, the one file that configures the embedded default and the
 * CLI. Every field is documented in docs/configuration.md; {@link ConfigValidator} checks them.
 *
 * @param dataDir where the embedded broker and local state live (relative to the config file)
 * @param kafka which Kafka to use
 * @param registry which schema registry to use
 * @param controlPlane where the control-plane HTTP API listens
 * @param services which services to run in this JVM
 * @param gateways the gateways capture knows
 */
public record GatevaultConfig(
    Path dataDir,
    KafkaSettings kafka,
    RegistrySettings registry,
    ControlPlaneSettings controlPlane,
    List<String> services,
    List<GatewaySettings> gateways) {

  /** The services of the pipeline, in start order. */
  public static final List<String> ALL_SERVICES =
      List.of("capture", "encrypt", "replicate", "verify", "prune", "restore", "control-plane");

  /**
   * @param mode {@code embedded} (an in-process broker) or {@code external}
   * @param bootstrapServers comma-separated host:port list; required when external
   * @param port the embedded broker's port on 127.0.0.1; 0 picks one and remembers it
   */
  public record KafkaSettings(String mode, String bootstrapServers, int port) {}

  /**
   * @param mode {@code embedded} (served from this JVM, schemas kept in a compacted topic) or
   *     {@code external} (a Confluent-compatible registry)
   * @param url the registry's base URL; required when external
   * @param port the embedded registry's port on 127.0.0.1
   */
  public record RegistrySettings(String mode, String url, int port) {}

  /**
   * @param host the address the HTTP API binds to (loopback unless {@code allowRemote})
   * @param port the HTTP port
   * @param allowRemote whether binding to a non-loopback address is intended
   */
  public record ControlPlaneSettings(String host, int port, boolean allowRemote) {}

  /**
   * @param id the gateway's id, used in topic keys and backup names ({@code caddy-prod})
   * @param type the adapter: {@code http-json}
   * @param adminUrl the admin API URL the adapter reads the configuration from
   * @param environment tag Environment, e.g. {@code prod}
   * @param application tag Application
   * @param owner tag Owner
   */
  public record GatewaySettings(
      String id,
      String type,
      String adminUrl,
      String environment,
      String application,
      String owner) {}
}

package io.gatevault.controlplane.binding;

import io.gatevault.controlplane.ControlPlaneApplication;
import io.gatevault.registry.EmbeddedSchemaRegistry;
import io.gatevault.testsupport.SharedKafka;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The control plane as the binding ITs run it: an embedded schema registry and the control-plane
 * application on the shared in-JVM broker, on a free HTTP port; closed in reverse order.
 */
final class RunningControlPlane implements AutoCloseable {

  private final EmbeddedSchemaRegistry registry;
  private final String registryUrl;
  private final ConfigurableApplicationContext application;

  private RunningControlPlane(
      EmbeddedSchemaRegistry registry,
      String registryUrl,
      ConfigurableApplicationContext application) {
    this.registry = registry;
    this.registryUrl = registryUrl;
    this.application = application;
  }

  static RunningControlPlane start() {
    EmbeddedSchemaRegistry registry =
        EmbeddedSchemaRegistry.builder().bootstrapServers(SharedKafka.bootstrapServers()).build();
    String registryUrl = registry.start();
    try {
      ConfigurableApplicationContext application =
          ControlPlaneApplication.builder()
              .run(
                  "--server.port=0",
                  "--spring.cloud.stream.kafka.binder.brokers=" + SharedKafka.bootstrapServers(),
                  "--gatevault.registry.url=" + registryUrl);
      return new RunningControlPlane(registry, registryUrl, application);
    } catch (RuntimeException e) {
      registry.close();
      throw e;
    }
  }

  /** {@code http://127.0.0.1:<port>/api/v1}. */
  String apiBase() {
    return "http://127.0.0.1:"
        + application.getEnvironment().getProperty("local.server.port")
        + "/api/v1";
  }

  String registryUrl() {
    return registryUrl;
  }

  @Override
  public void close() {
    application.close();
    registry.close();
  }
}

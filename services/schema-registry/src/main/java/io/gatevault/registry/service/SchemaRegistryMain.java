package io.gatevault.registry.service;

import io.gatevault.registry.EmbeddedSchemaRegistry;
import java.util.concurrent.CountDownLatch;

/**
 * Runs {@link EmbeddedSchemaRegistry} as its own process against an existing Kafka cluster. Prints
 * the URL once it serves; on SIGTERM or Ctrl-C it stops serving and closes its Kafka clients.
 *
 * <p>Exit codes: 2 for wrong arguments, 1 when the registry cannot start.
 */
public final class SchemaRegistryMain {

  private SchemaRegistryMain() {}

  public static void main(String[] args) throws InterruptedException {
    ServiceSettings settings;
    try {
      settings = ServiceSettings.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(ServiceSettings.USAGE);
      System.exit(2);
      return;
    }
    EmbeddedSchemaRegistry registry =
        EmbeddedSchemaRegistry.builder()
            .bootstrapServers(settings.bootstrapServers())
            .port(settings.port())
            .topic(settings.topic())
            .bindHost(settings.bindHost())
            .replicationFactor(settings.replicationFactor())
            .build();
    String url;
    try {
      url = registry.start();
    } catch (RuntimeException e) {
      System.err.println("Schema registry could not start: " + e.getMessage());
      registry.close();
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  registry.close();
                  System.out.println("Schema registry stopped");
                  System.out.flush();
                  stopped.countDown();
                },
                "schema-registry-shutdown"));
    System.out.println(
        "Schema registry listening on "
            + url
            + " (topic '"
            + settings.topic()
            + "' on "
            + settings.bootstrapServers()
            + ")");
    System.out.flush();
    stopped.await();
  }
}

package io.gatevault.registry;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema registry that speaks the Confluent REST API (the subset Gatevault and Confluent-style
 * serializers use) and keeps its state in a compacted Kafka topic.
 *
 * <p>On {@link #start()} it creates the topic if missing, reads it to its end to rebuild subjects,
 * versions, ids and compatibility settings, then serves HTTP. Every change is acknowledged by Kafka
 * ({@code acks=all}) before the client gets an answer, so ids survive restarts.
 *
 * <p>Single writer: run exactly one instance per topic. The instance allocates ids from its own
 * memory and does not follow writes made by others after its start.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

  public static final String DEFAULT_TOPIC = "_gatevault_schemas";
  private static final Logger log = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);

  private final Builder settings;
  private SchemaLog schemaLog;
  private HttpServer server;
  private ExecutorService executor;
  private String baseUrl;

  private EmbeddedSchemaRegistry(Builder settings) {
    this.settings = settings;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Prepares the topic, replays it and starts serving.
   *
   * @return the base URL to give clients as {@code schema.registry.url}
   * @throws IllegalStateException naming the topic and broker when Kafka cannot be used
   */
  public synchronized String start() {
    if (baseUrl != null) {
      return baseUrl;
    }
    SchemaLog opened =
        new SchemaLog(
            settings.bootstrapServers,
            settings.topic,
            settings.replicationFactor,
            settings.kafkaProperties,
            settings.kafkaTimeout);
    try {
      opened.open();
      SchemaCatalog catalog = new SchemaCatalog(opened, settings.defaultCompatibility);
      catalog.load();
      executor = Executors.newFixedThreadPool(settings.httpThreads, daemonThreads());
      server = HttpServer.create(new InetSocketAddress(settings.bindHost, settings.port), 50);
      server.createContext("/", new RegistryHttpApi(catalog));
      server.setExecutor(executor);
      server.start();
    } catch (IOException e) {
      opened.close();
      shutdownExecutor();
      throw new UncheckedIOException(
          "Could not listen on "
              + settings.bindHost
              + ":"
              + settings.port
              + "; is the port already in use? Choose another with port(...) or 0 for a free one.",
          e);
    } catch (RuntimeException e) {
      opened.close();
      shutdownExecutor();
      throw e;
    }
    schemaLog = opened;
    baseUrl = "http://" + settings.bindHost + ":" + server.getAddress().getPort();
    log.info(
        "Schema registry serving {} (topic '{}' on {})",
        baseUrl,
        settings.topic,
        settings.bootstrapServers);
    return baseUrl;
  }

  /** The base URL, once started. */
  public synchronized String baseUrl() {
    if (baseUrl == null) {
      throw new IllegalStateException("The schema registry is not started; call start() first");
    }
    return baseUrl;
  }

  public String topic() {
    return settings.topic;
  }

  /** Stops serving and closes the Kafka clients; the state stays in the topic. */
  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
    shutdownExecutor();
    if (schemaLog != null) {
      schemaLog.close();
      schemaLog = null;
    }
    baseUrl = null;
  }

  private void shutdownExecutor() {
    if (executor != null) {
      executor.shutdown();
      try {
        executor.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      executor = null;
    }
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "schema-registry-http-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Settings of an {@link EmbeddedSchemaRegistry}. */
  public static final class Builder {
    private String bootstrapServers;
    private String topic = DEFAULT_TOPIC;
    private String bindHost = "127.0.0.1";
    private int port = 0;
    private short replicationFactor = 1;
    private Compatibility defaultCompatibility = Compatibility.BACKWARD;
    private final Map<String, Object> kafkaProperties = new HashMap<>();
    private Duration kafkaTimeout = Duration.ofSeconds(30);
    private int httpThreads = 4;

    private Builder() {}

    /** Kafka bootstrap servers of the cluster that holds the schema topic (required). */
    public Builder bootstrapServers(String bootstrapServers) {
      this.bootstrapServers = bootstrapServers;
      return this;
    }

    /** The compacted topic holding the registry's state; default {@value #DEFAULT_TOPIC}. */
    public Builder topic(String topic) {
      this.topic = topic;
      return this;
    }

    /** Address to listen on; default 127.0.0.1. */
    public Builder bindHost(String bindHost) {
      this.bindHost = bindHost;
      return this;
    }

    /** Port to listen on; 0 (the default) picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Replication factor used when the topic has to be created; default 1 (single broker). */
    public Builder replicationFactor(int replicationFactor) {
      this.replicationFactor = (short) replicationFactor;
      return this;
    }

    /** Global compatibility level until one is set through the API; default BACKWARD. */
    public Builder defaultCompatibility(String level) {
      this.defaultCompatibility =
          Compatibility.parse(level)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "Unknown compatibility level '"
                              + level
                              + "': use NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD,"
                              + " FORWARD_TRANSITIVE, FULL or FULL_TRANSITIVE"));
      return this;
    }

    /** Extra Kafka client settings (security protocol, SASL...) for the registry's clients. */
    public Builder kafkaProperty(String name, Object value) {
      this.kafkaProperties.put(name, value);
      return this;
    }

    /** How long to wait for Kafka on start and for each write's acknowledgement; default 30 s. */
    public Builder kafkaTimeout(Duration timeout) {
      this.kafkaTimeout = timeout;
      return this;
    }

    /** Threads serving HTTP requests; default 4. */
    public Builder httpThreads(int threads) {
      this.httpThreads = threads;
      return this;
    }

    public EmbeddedSchemaRegistry build() {
      Objects.requireNonNull(
          bootstrapServers, "bootstrapServers is required: the Kafka cluster holding the schemas");
      if (topic == null || topic.isBlank()) {
        throw new IllegalArgumentException("topic must not be blank");
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, was " + port);
      }
      if (replicationFactor < 1) {
        throw new IllegalArgumentException(
            "replicationFactor must be at least 1, was " + replicationFactor);
      }
      return new EmbeddedSchemaRegistry(this);
    }
  }
}

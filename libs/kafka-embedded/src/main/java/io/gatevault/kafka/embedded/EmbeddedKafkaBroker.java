package io.gatevault.kafka.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker (KRaft, combined broker + controller, one node) running inside this JVM.
 *
 * <p>This is the broker of the embedded default ({@code ./gatevault up}) and of the test suites.
 * With a data directory it is durable: topics, committed offsets and the schema topic survive a
 * restart, and the ports chosen on the first start are remembered in {@value #STATE_FILE} so that
 * the controller quorum and clients find the broker where they left it. Without a data directory it
 * lives in a temporary folder that is removed on {@link #close()}.
 *
 * <p>It binds to 127.0.0.1 only. With {@link Builder#sslListener} it also serves an SSL listener
 * ({@link #sslBootstrapServers()}, TLSv1.3 and TLSv1.2) with the given key store, for clients
 * configured with {@code security.protocol=SSL}; the PLAINTEXT listener stays for the broker's own
 * use on loopback.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  /** File in the data directory that remembers the ports and cluster id across restarts. */
  public static final String STATE_FILE = "gatevault-broker.properties";

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final String HOST = "127.0.0.1";
  private static final int NODE_ID = 1;

  private final Path dataDirectory;
  private final boolean temporary;
  private final int requestedPort;
  private final int requestedControllerPort;
  private final Map<String, String> overrides;
  private final Duration startTimeout;
  private final SslListener sslListener;
  private final int requestedSslPort;

  private KafkaRaftServer server;
  private int port;
  private int controllerPort;
  private int sslPort;
  private String clusterId;

  private EmbeddedKafkaBroker(Builder builder) {
    this.temporary = builder.dataDirectory == null;
    this.dataDirectory = temporary ? createTempDirectory() : builder.dataDirectory;
    this.requestedPort = builder.port;
    this.requestedControllerPort = builder.controllerPort;
    this.overrides = Map.copyOf(builder.overrides);
    this.startTimeout = builder.startTimeout;
    this.sslListener = builder.sslListener;
    this.requestedSslPort = builder.sslPort;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Formats the storage on first use, starts the broker and waits until it answers.
   *
   * @return this broker, started
   * @throws IllegalStateException naming the data directory or port when the broker cannot start
   */
  public synchronized EmbeddedKafkaBroker start() {
    if (server != null) {
      return this;
    }
    try {
      Files.createDirectories(dataDirectory);
    } catch (IOException e) {
      throw new IllegalStateException(
          "Cannot create the Kafka data directory "
              + dataDirectory
              + ": "
              + e.getMessage()
              + ". Choose a writable folder (gatevault.yml: kafka.embedded.data-dir).",
          e);
    }
    Properties remembered = readState();
    port = choosePort(requestedPort, remembered.getProperty("port"), "kafka port");
    controllerPort =
        choosePort(
            requestedControllerPort, remembered.getProperty("controller.port"), "controller");
    if (sslListener != null) {
      sslPort = choosePort(requestedSslPort, remembered.getProperty("ssl.port"), "kafka SSL port");
    }
    clusterId = remembered.getProperty("cluster.id", Uuid.randomUuid().toString());
    Path logDir = dataDirectory.resolve("kraft-logs");
    Properties config = brokerConfig(logDir);
    if (!Files.exists(logDir.resolve("meta.properties"))) {
      format(logDir);
    }
    writeState();
    Instant started = Instant.now();
    server = new KafkaRaftServer(KafkaConfig.fromProps(config, false), Time.SYSTEM);
    try {
      server.startup();
      awaitReady();
    } catch (RuntimeException e) {
      stopQuietly();
      throw new IllegalStateException(
          "The embedded Kafka broker did not start on "
              + bootstrapServers()
              + " (data in "
              + dataDirectory
              + "): "
              + e.getMessage()
              + ". Is another process using the port, or is the data directory from another"
              + " cluster? Stop that process or choose another port/data directory.",
          e);
    }
    log.info(
        "Kafka broker (KRaft) ready on {} in {} ms, data in {}",
        bootstrapServers(),
        Duration.between(started, Instant.now()).toMillis(),
        dataDirectory);
    return this;
  }

  /** The bootstrap servers string clients use, e.g. {@code 127.0.0.1:9092}. */
  public String bootstrapServers() {
    return HOST + ":" + port;
  }

  public int port() {
    return port;
  }

  /**
   * The bootstrap servers of the SSL listener, e.g. {@code 127.0.0.1:9093}.
   *
   * @throws IllegalStateException when the broker was built without {@link Builder#sslListener}
   */
  public String sslBootstrapServers() {
    if (sslListener == null) {
      throw new IllegalStateException(
          "This broker has no SSL listener: build it with sslListener(keyStore, type, password)");
    }
    return HOST + ":" + sslPort;
  }

  public Path dataDirectory() {
    return dataDirectory;
  }

  public String clusterId() {
    return clusterId;
  }

  public synchronized boolean isRunning() {
    return server != null;
  }

  @Override
  public synchronized void close() {
    stopQuietly();
    if (temporary) {
      deleteRecursively(dataDirectory);
    }
  }

  private void stopQuietly() {
    if (server == null) {
      return;
    }
    try {
      server.shutdown();
      server.awaitShutdown();
    } catch (RuntimeException e) {
      log.warn("Kafka broker did not shut down cleanly: {}", e.getMessage());
    } finally {
      server = null;
    }
  }

  private Properties brokerConfig(Path logDir) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("process.roles", "broker,controller");
    props.put("node.id", String.valueOf(NODE_ID));
    props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    String ssl = sslListener == null ? "" : ",SSL://" + HOST + ":" + sslPort;
    props.put(
        "listeners",
        "PLAINTEXT://" + HOST + ":" + port + ssl + ",CONTROLLER://" + HOST + ":" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port + ssl);
    props.put("controller.listener.names", "CONTROLLER");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put(
        "listener.security.protocol.map",
        "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT" + (sslListener == null ? "" : ",SSL:SSL"));
    if (sslListener != null) {
      String prefix = "listener.name.ssl.";
      props.put(prefix + "ssl.keystore.location", sslListener.keyStore().toString());
      props.put(prefix + "ssl.keystore.type", sslListener.keyStoreType());
      props.put(prefix + "ssl.keystore.password", sslListener.password());
      props.put(prefix + "ssl.key.password", sslListener.password());
      props.put(prefix + "ssl.enabled.protocols", "TLSv1.3,TLSv1.2");
      props.put(prefix + "ssl.protocol", "TLSv1.3");
      if (sslListener.clientTrustStore() != null) {
        props.put(prefix + "ssl.client.auth", "required");
        props.put(prefix + "ssl.truststore.location", sslListener.clientTrustStore().toString());
        props.put(prefix + "ssl.truststore.type", sslListener.keyStoreType());
        props.put(prefix + "ssl.truststore.password", sslListener.password());
      }
    }
    props.put("log.dirs", logDir.toString());
    props.put("num.partitions", "1");
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "5");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "5");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("auto.create.topics.enable", "false");
    // Small segments keep compaction of the schema topic and retention tests cheap.
    props.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
    props.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
    props.putAll(overrides);
    Properties properties = new Properties();
    properties.putAll(props);
    return properties;
  }

  private void format(Path logDir) {
    try {
      Files.createDirectories(logDir);
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setClusterId(clusterId)
          .setNodeId(NODE_ID)
          .setControllerListenerName("CONTROLLER")
          .setMetadataLogDirectory(logDir.toString())
          .setDirectories(List.of(logDir.toString()))
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .setUnstableFeatureVersionsEnabled(false)
          .run();
    } catch (Exception e) {
      throw new IllegalStateException(
          "Cannot format Kafka storage in " + logDir + ": " + e.getMessage(), e);
    }
  }

  private void awaitReady() {
    Map<String, Object> adminConfig =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    Instant deadline = Instant.now().plus(startTimeout);
    Exception last = null;
    while (Instant.now().isBefore(deadline)) {
      try (Admin admin = Admin.create(adminConfig)) {
        if (!admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).isEmpty()) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for Kafka to start", e);
      } catch (Exception e) {
        last = e;
      }
      sleep(100);
    }
    throw new IllegalStateException(
        "broker did not answer within " + startTimeout.toSeconds() + " s", last);
  }

  private Properties readState() {
    Properties state = new Properties();
    Path file = dataDirectory.resolve(STATE_FILE);
    if (Files.exists(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        state.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + file, e);
      }
    }
    return state;
  }

  private void writeState() {
    Properties state = new Properties();
    state.setProperty("port", String.valueOf(port));
    state.setProperty("controller.port", String.valueOf(controllerPort));
    if (sslListener != null) {
      state.setProperty("ssl.port", String.valueOf(sslPort));
    }
    state.setProperty("cluster.id", clusterId);
    try (OutputStream out = Files.newOutputStream(dataDirectory.resolve(STATE_FILE))) {
      state.store(
          out, "Gatevault embedded Kafka broker: ports and cluster id, kept across restarts");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + dataDirectory.resolve(STATE_FILE), e);
    }
  }

  /**
   * An explicit port wins; else the port remembered from the last start if still free; else any.
   */
  private static int choosePort(int requested, String remembered, String what) {
    if (requested > 0) {
      return requested;
    }
    if (remembered != null) {
      int previous = Integer.parseInt(remembered);
      if (isFree(previous)) {
        return previous;
      }
      log.warn("The {} {} used last time is taken now; choosing another", what, previous);
    }
    try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port on " + HOST, e);
    }
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 50, InetAddress.getByName(HOST))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static Path createTempDirectory() {
    try {
      return Files.createTempDirectory("gatevault-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a temporary Kafka data directory", e);
    }
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.warn("Could not delete {}: {}", root, e.getMessage());
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for Kafka", e);
    }
  }

  /**
   * The broker's SSL listener: its certificate and key, and for mutual TLS the CAs whose client
   * certificates it requires.
   *
   * @param keyStore the key store with the broker's key and certificate chain
   * @param keyStoreType PKCS12 or JKS (also the type of {@code clientTrustStore})
   * @param password the stores' (and the key's) password
   * @param clientTrustStore null: any client; else clients must present a certificate these CAs
   *     signed ({@code ssl.client.auth=required})
   */
  public record SslListener(
      Path keyStore, String keyStoreType, String password, Path clientTrustStore) {

    public SslListener {
      Objects.requireNonNull(keyStore, "keyStore");
      Objects.requireNonNull(keyStoreType, "keyStoreType");
      Objects.requireNonNull(password, "password");
    }

    /** A listener that does not ask for client certificates. */
    public SslListener(Path keyStore, String keyStoreType, String password) {
      this(keyStore, keyStoreType, password, null);
    }

    @Override
    public String toString() {
      return "SslListener[" + keyStore + " (" + keyStoreType + ")]";
    }
  }

  /** Options for an {@link EmbeddedKafkaBroker}. */
  public static final class Builder {
    private Path dataDirectory;
    private int port;
    private int controllerPort;
    private SslListener sslListener;
    private int sslPort;
    private final Map<String, String> overrides = new LinkedHashMap<>();
    private Duration startTimeout = Duration.ofSeconds(60);

    private Builder() {}

    /** A durable data directory; without one the broker uses a temporary folder. */
    public Builder dataDirectory(Path dataDirectory) {
      this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
      return this;
    }

    /** Client port on 127.0.0.1; 0 picks a free one (remembered in a durable data directory). */
    public Builder port(int port) {
      this.port = checkPort(port, "port");
      return this;
    }

    public Builder controllerPort(int controllerPort) {
      this.controllerPort = checkPort(controllerPort, "controllerPort");
      return this;
    }

    /**
     * Also serve an SSL listener (TLSv1.3, TLSv1.2) on 127.0.0.1 with this key store; {@code
     * sslPort} 0 picks a free port (remembered in a durable data directory).
     */
    public Builder sslListener(SslListener listener, int sslPort) {
      this.sslListener = Objects.requireNonNull(listener, "listener");
      this.sslPort = checkPort(sslPort, "sslPort");
      return this;
    }

    /** Any broker setting, e.g. {@code log.retention.ms}. */
    public Builder brokerProperty(String key, String value) {
      overrides.put(key, value);
      return this;
    }

    public Builder startTimeout(Duration startTimeout) {
      this.startTimeout = Objects.requireNonNull(startTimeout, "startTimeout");
      return this;
    }

    public EmbeddedKafkaBroker build() {
      return new EmbeddedKafkaBroker(this);
    }

    private static int checkPort(int port, String name) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException(name + " must be between 0 and 65535, got " + port);
      }
      return port;
    }
  }
}

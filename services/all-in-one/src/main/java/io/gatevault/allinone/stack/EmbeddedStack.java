package io.gatevault.allinone.stack;

import io.gatevault.allinone.config.GatevaultConfig;
import io.gatevault.allinone.config.GatevaultConfig.GatewaySettings;
import io.gatevault.kafka.embedded.EmbeddedKafkaBroker;
import io.gatevault.registry.EmbeddedSchemaRegistry;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The embedded default: a Kafka broker, the schema registry and every service in this JVM.
 *
 * <p>Each service runs in a Spring context of its own, configured exactly as when it runs alone
 * (its own {@code spring.config.name}, consumer group and bindings), so what works here works
 * distributed. Components stop in reverse start order.
 */
public final class EmbeddedStack implements AutoCloseable {

  private final GatevaultConfig config;
  private final Progress progress;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private String bootstrapServers;
  private String registryUrl;
  private int controlPlanePort;

  public EmbeddedStack(GatevaultConfig config, Progress progress) {
    this.config = config;
    this.progress = progress;
    this.controlPlanePort = config.controlPlane().port();
  }

  /** How many progress steps {@link #start()} reports for this configuration. */
  public static int steps(GatevaultConfig config) {
    int steps = config.services().size();
    if (config.kafka().mode().equals("embedded")) {
      steps++;
    }
    if (config.registry().mode().equals("embedded")) {
      steps++;
    }
    return steps;
  }

  /** Starts everything, in order; on failure stops what had started and rethrows. */
  public EmbeddedStack start() {
    try {
      if (config.keyring().createIfMissing() && usesKeys()) {
        new io.gatevault.allinone.keys.KeyringBootstrap(config.keyring())
            .ensure()
            .ifPresent(progress::say);
      }
      startKafka();
      startRegistry();
      for (String service : config.services()) {
        ServiceDescriptor descriptor = ServiceDescriptor.named(service);
        ConfigurableApplicationContext context =
            progress.step("service " + service, () -> startService(descriptor));
        started.push(context::close);
        if (context instanceof WebServerApplicationContext web) {
          controlPlanePort = web.getWebServer().getPort();
        }
      }
      return this;
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private boolean usesKeys() {
    return config.services().stream()
        .anyMatch(s -> s.equals("encrypt") || s.equals("verify") || s.equals("restore"));
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public String registryUrl() {
    return registryUrl;
  }

  /** The control plane's URL, with the port it really listens on (0 in the config picks one). */
  public String controlPlaneUrl() {
    return "http://" + config.controlPlane().host() + ":" + controlPlanePort;
  }

  private void startKafka() {
    if (config.kafka().mode().equals("external")) {
      bootstrapServers = config.kafka().bootstrapServers();
      return;
    }
    EmbeddedKafkaBroker broker =
        progress.step(
            "Kafka broker (KRaft, in-process)",
            () ->
                EmbeddedKafkaBroker.builder()
                    .dataDirectory(config.dataDir().resolve("kafka"))
                    .port(config.kafka().port())
                    .build()
                    .start());
    started.push(broker);
    bootstrapServers = broker.bootstrapServers();
  }

  private void startRegistry() {
    if (config.registry().mode().equals("external")) {
      registryUrl = config.registry().url();
      return;
    }
    EmbeddedSchemaRegistry.Builder builder =
        EmbeddedSchemaRegistry.builder()
            .bootstrapServers(bootstrapServers)
            .port(config.registry().port());
    if (config.tls().kafkaUsesTls(config.kafka())) {
      // The registry keeps its schemas in Kafka: its clients reach an external cluster over SSL.
      io.gatevault.tls.KafkaTlsProperties.of(
              config.tls().forConnection("kafka.tls"), System::getenv)
          .forEach(builder::kafkaProperty);
    }
    EmbeddedSchemaRegistry registry = builder.build();
    registryUrl = progress.step("schema registry (embedded, Confluent API)", registry::start);
    started.push(registry);
  }

  private ConfigurableApplicationContext startService(ServiceDescriptor service) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("spring.config.name", service.configName());
    properties.put("spring.main.banner-mode", "off");
    properties.put("spring.cloud.stream.kafka.binder.brokers", bootstrapServers);
    properties.put("gatevault.registry.url", registryUrl);
    // TLS of Kafka, the registry, gateways, S3 targets and KMS (gatevault.yml: tls sections).
    properties.putAll(TlsServiceProperties.forService(config, service.name(), System::getenv));
    if (service.web()) {
      properties.put("server.address", config.controlPlane().host());
      properties.put("server.port", config.controlPlane().port());
    }
    switch (service.name()) {
      case "capture" -> {
        properties.putAll(gatewayProperties("capture", config.gateways()));
        properties.putAll(changesProperties(config.changes()));
      }
      case "encrypt" -> properties.putAll(keyringProperties(config.keyring(), false));
      case "replicate" -> {
        properties.putAll(targetProperties());
        properties.put(
            "gatevault.replicate.staging-dir",
            config.dataDir().resolve("replicate/staging").toString());
        // Residency is checked again for every artifact when replicate writes it.
        properties.putAll(residencyProperties(config.residency()));
      }
      case "verify" -> {
        properties.putAll(keyringProperties(config.keyring(), true));
        properties.putAll(targetProperties());
        properties.put("gatevault.verify.work-dir", config.dataDir().resolve("verify").toString());
      }
      case "prune" -> {
        properties.putAll(targetProperties());
        properties.put("gatevault.retention.daily", config.retention().daily());
        properties.put("gatevault.retention.weekly", config.retention().weekly());
        properties.put("gatevault.retention.monthly", config.retention().monthly());
      }
      case "restore" -> {
        properties.putAll(gatewayProperties("restore", config.gateways()));
        properties.putAll(keyringProperties(config.keyring(), true));
        properties.putAll(targetProperties());
      }
      default -> {}
    }
    // Passed as command-line arguments: they must outrank the defaults each service and the
    // stream support register, exactly as when an operator starts the service by hand.
    String[] arguments =
        properties.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    return new SpringApplicationBuilder(service.application())
        .web(service.web() ? WebApplicationType.SERVLET : WebApplicationType.NONE)
        .registerShutdownHook(false)
        .run(arguments);
  }

  /** gatevault.yml's residency rules, as the properties replicate reads when it runs alone. */
  static Map<String, Object> residencyProperties(Map<String, List<String>> residency) {
    Map<String, Object> properties = new LinkedHashMap<>();
    residency.forEach(
        (environment, regions) ->
            properties.put(
                "gatevault.replicate.residency[" + environment + "]", String.join(",", regions)));
    return properties;
  }

  /** The {@code changes:} section as capture reads it ({@code gatevault.capture.changes.*}). */
  static Map<String, Object> changesProperties(GatevaultConfig.ChangesSettings changes) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("gatevault.capture.changes.segment-events", changes.segmentEvents());
    properties.put("gatevault.capture.changes.segment-seconds", changes.segmentSeconds());
    properties.put(
        "gatevault.capture.changes.checkpoint-every",
        changes.checkpointEvery() == GatevaultConfig.ChangesSettings.CHECKPOINTS_OFF
            ? "off"
            : Long.toString(changes.checkpointEvery()));
    properties.put("gatevault.capture.changes.heartbeat-seconds", changes.heartbeatSeconds());
    return properties;
  }

  /** A service's gateway list, as the properties it reads when it runs alone. */
  static Map<String, Object> gatewayProperties(String service, List<GatewaySettings> gateways) {
    Map<String, Object> properties = new LinkedHashMap<>();
    for (int i = 0; i < gateways.size(); i++) {
      GatewaySettings g = gateways.get(i);
      String prefix = "gatevault." + service + ".gateways[" + i + "].";
      properties.put(prefix + "id", g.id());
      properties.put(prefix + "type", g.type());
      properties.put(prefix + "admin-url", g.adminUrl());
      properties.put(prefix + "environment", g.environment());
      properties.put(prefix + "application", g.application());
      properties.put(prefix + "owner", g.owner());
      if (!g.schedule().isBlank()) {
        properties.put(prefix + "schedule", g.schedule());
      }
      if (!g.offPeakWindow().isBlank()) {
        properties.put(prefix + "off-peak-window", g.offPeakWindow());
      }
      properties.put(prefix + "time-zone", g.timeZone());
      if (service.equals("capture")) {
        properties.put(prefix + "secrets", g.secrets());
        properties.put(prefix + "poll-interval", g.pollIntervalDuration().toString());
      }
    }
    return properties;
  }

  /**
   * The keyring settings as a service reads them. Encrypt ({@code openingWithRecoveryKey} false)
   * gets the recovery public key only: it must never hold the private key.
   */
  static Map<String, Object> keyringProperties(
      GatevaultConfig.KeyringSettings keyring, boolean openingWithRecoveryKey) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("gatevault.keyring.provider", keyring.provider());
    var kms = keyring.kms();
    if (!kms.keyArn().isBlank()) {
      properties.put("gatevault.keyring.kms.key-arn", kms.keyArn());
    }
    for (int i = 0; i < kms.additionalKeyArns().size(); i++) {
      properties.put(
          "gatevault.keyring.kms.additional-key-arns[" + i + "]", kms.additionalKeyArns().get(i));
    }
    Map.of(
            "region", kms.region(),
            "endpoint", kms.endpoint(),
            "credentials-profile", kms.credentialsProfile(),
            "access-key-env", kms.accessKeyEnv(),
            "secret-key-env", kms.secretKeyEnv())
        .forEach(
            (key, value) -> {
              if (!value.isBlank()) {
                properties.put("gatevault.keyring.kms." + key, value);
              }
            });
    var recovery = keyring.recovery();
    if (recovery.publicKey() != null) {
      properties.put("gatevault.keyring.recovery.public-key", recovery.publicKey().toString());
    }
    properties.put("gatevault.keyring.recovery.key-name", recovery.keyName());
    if (openingWithRecoveryKey && recovery.privateKey() != null) {
      properties.put("gatevault.keyring.recovery.private-key", recovery.privateKey().toString());
      if (recovery.passwordFile() != null) {
        properties.put(
            "gatevault.keyring.recovery.password-file", recovery.passwordFile().toString());
      } else {
        properties.put("gatevault.keyring.recovery.password-env", recovery.passwordEnv());
      }
    }
    properties.put("gatevault.keyring.keystore-path", keyring.keystore().toString());
    properties.put("gatevault.keyring.key-alias", keyring.keyAlias());
    properties.put("gatevault.keyring.key-version", keyring.keyVersion());
    if (keyring.passwordEnv().isBlank()) {
      properties.put("gatevault.keyring.password-file", keyring.passwordFile().toString());
    } else {
      properties.put("gatevault.keyring.password-env", keyring.passwordEnv());
    }
    return properties;
  }

  private Map<String, Object> targetProperties() {
    Map<String, Object> properties = new LinkedHashMap<>();
    var targets = config.targets();
    for (int i = 0; i < targets.size(); i++) {
      var t = targets.get(i);
      String prefix = "gatevault.storage.targets[" + i + "].";
      properties.put(prefix + "id", t.id());
      properties.put(prefix + "type", t.type());
      if (t.path() != null) {
        properties.put(prefix + "path", t.path().toString());
      }
      t.s3().forEach((key, value) -> properties.put(prefix + "s3." + key, value));
      properties.put(prefix + "medium", t.medium());
      properties.put(prefix + "region", t.region());
      properties.put(prefix + "off-site", t.offSite());
      properties.put(prefix + "offline", t.offline());
    }
    return properties;
  }

  @Override
  public synchronized void close() {
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        progress.say("warning: a component did not stop cleanly: " + e.getMessage());
      }
    }
  }
}

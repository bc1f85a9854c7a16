package io.gatevault.allinone.pipeline;

import com.sun.net.httpserver.HttpServer;
import io.gatevault.capture.CaptureApplication;
import io.gatevault.controlplane.ControlPlaneApplication;
import io.gatevault.crypto.KeystoreGenerator;
import io.gatevault.encrypt.EncryptApplication;
import io.gatevault.registry.EmbeddedSchemaRegistry;
import io.gatevault.stream.testing.TopicProbe;
import io.gatevault.testsupport.SharedKafka;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The services these tests run, started once per test JVM (CI has two cores): capture and encrypt
 * as two separate Spring contexts, each from its own configuration file exactly as it runs alone,
 * on the shared broker and one embedded schema registry; the control plane on first use. A JDK HTTP
 * server plays the gateway.
 */
final class PipelineServices {

  /** A gateway capture knows, serving {@link #GATEWAY_CONFIG}. */
  static final String GATEWAY_ID = "pipeline-gw";

  /** About 2 MB of JSON, so the snapshot travels as three chunks. */
  static final byte[] GATEWAY_CONFIG = largeConfig();

  private static PipelineServices instance;

  final String registryUrl;
  final TopicProbe probe;
  final ConfigurableApplicationContext capture;
  final ConfigurableApplicationContext encrypt;
  private final String[] common;
  private ConfigurableApplicationContext controlPlane;

  private PipelineServices() throws IOException {
    HttpServer gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    gateway.createContext(
        "/config",
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, GATEWAY_CONFIG.length);
          exchange.getResponseBody().write(GATEWAY_CONFIG);
          exchange.close();
        });
    gateway.start();
    EmbeddedSchemaRegistry registry =
        EmbeddedSchemaRegistry.builder().bootstrapServers(SharedKafka.bootstrapServers()).build();
    registryUrl = registry.start();
    common =
        new String[] {
          "--spring.cloud.stream.kafka.binder.brokers=" + SharedKafka.bootstrapServers(),
          "--gatevault.registry.url=" + registryUrl
        };
    List<String> captureArgs = new ArrayList<>(List.of(common));
    captureArgs.addAll(
        List.of(
            "--gatevault.capture.gateways[0].id=" + GATEWAY_ID,
            "--gatevault.capture.gateways[0].type=http-json",
            "--gatevault.capture.gateways[0].admin-url=http://127.0.0.1:"
                + gateway.getAddress().getPort()
                + "/config",
            "--gatevault.capture.gateways[0].environment=test",
            "--gatevault.capture.gateways[0].application=orders",
            "--gatevault.capture.gateways[0].owner=team-orders"));
    capture = CaptureApplication.builder().run(captureArgs.toArray(String[]::new));
    // encrypt seals every assembled snapshot, so it needs a key-encryption key of its own.
    Path keys = Files.createTempDirectory("gatevault-pipeline-keys-");
    Path keystore = keys.resolve("keyring.p12");
    Path passphrase = keys.resolve("keyring.pass");
    Files.writeString(passphrase, "pipeline-test-passphrase");
    new KeystoreGenerator()
        .create(keystore, "pipeline-test-passphrase".toCharArray(), "gatevault-kek");
    List<String> encryptArgs = new ArrayList<>(List.of(common));
    encryptArgs.addAll(
        List.of(
            "--gatevault.keyring.keystore-path=" + keystore,
            "--gatevault.keyring.password-file=" + passphrase,
            "--gatevault.keyring.key-alias=gatevault-kek"));
    encrypt = EncryptApplication.builder().run(encryptArgs.toArray(String[]::new));
    probe = new TopicProbe(SharedKafka.bootstrapServers(), registryUrl);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  probe.close();
                  if (controlPlane != null) {
                    controlPlane.close();
                  }
                  encrypt.close();
                  capture.close();
                  registry.close();
                  gateway.stop(0);
                },
                "pipeline-services-stop"));
  }

  static synchronized PipelineServices get() {
    if (instance == null) {
      try {
        instance = new PipelineServices();
      } catch (IOException e) {
        throw new IllegalStateException("Could not start the test gateway", e);
      }
    }
    return instance;
  }

  /** The control plane, started on a free port on first use. */
  synchronized ConfigurableApplicationContext controlPlane() {
    if (controlPlane == null) {
      List<String> args = new ArrayList<>(List.of(common));
      args.add("--server.port=0");
      controlPlane = ControlPlaneApplication.builder().run(args.toArray(String[]::new));
    }
    return controlPlane;
  }

  private static byte[] largeConfig() {
    StringBuilder json = new StringBuilder("{\"routes\":[");
    for (int i = 0; json.length() < 2_000_000; i++) {
      if (i > 0) {
        json.append(',');
      }
      json.append("{\"id\":\"route-")
          .append(i)
          .append("\",\"path\":\"/api/v1/orders/")
          .append(i)
          .append("\",\"upstream\":\"http://orders-")
          .append(i % 17)
          .append(".internal:8080\",\"plugins\":[\"rate-limit\",\"jwt\"]}");
    }
    return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }
}

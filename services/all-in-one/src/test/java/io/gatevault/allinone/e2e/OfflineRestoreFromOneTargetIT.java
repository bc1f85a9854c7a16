package io.gatevault.allinone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatevault.allinone.cli.ControlPlaneClient;
import io.gatevault.allinone.cli.ExitCodes;
import io.gatevault.allinone.cli.GatevaultCommand;
import io.gatevault.allinone.config.ConfigLoader;
import io.gatevault.allinone.stack.EmbeddedStack;
import io.gatevault.allinone.stack.Progress;
import io.gatevault.storage.s3.S3ProxyServer;
import io.gatevault.testsupport.CaddyProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Disaster recovery with Kafka lost: a real Caddy is backed up through the running embedded stack,
 * then the whole stack (broker, registry, every service) is stopped, the gateway gets a bad
 * release, and {@code gatevault restore --from <target>} brings routes and basic auth back from one
 * storage target alone (a folder, then an S3 bucket on S3Proxy), checked by HTTP requests through
 * Caddy. A damaged copy on a target is refused at the integrity check and the gateway is left
 * exactly as it was.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OfflineRestoreFromOneTargetIT {

  private static final String GATEWAY = "caddy-dr";
  private static final String BUCKET = "gatevault-dr";

  @TempDir static Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private int sitePort;
  private CaddyProcess caddy;
  private S3ProxyServer s3;
  private EmbeddedStack stack;
  private Path configFile;
  private List<String> releaseOne;
  private String backupName;

  private record Run(int exit, String out) {}

  @BeforeAll
  void backUpThroughTheRunningStackThenLoseKafka() throws Exception {
    s3 = S3ProxyServer.start(dir.resolve("s3proxy"));
    try (S3Client admin = s3.client()) {
      admin.createBucket(b -> b.bucket(BUCKET));
    }
    // Services and CLI find S3Proxy's key through the SDK's default chain (system properties).
    System.setProperty("aws.accessKeyId", S3ProxyServer.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", S3ProxyServer.SECRET_KEY);
    sitePort = CaddyProcess.freePort();
    caddy = CaddyProcess.start(caddyConfig("caddy-release-1.json"));
    releaseOne = observe();
    configFile = dir.resolve("gatevault.yml");
    Files.writeString(
        configFile,
        """
        data-dir: data
        registry: {port: 0}
        control-plane: {port: 0}
        storage:
          targets:
            - {id: local, path: targets/local, medium: FILESYSTEM}
            - {id: removable, path: targets/removable, medium: REMOVABLE_MEDIA}
            - {id: offsite, path: targets/offsite, medium: FILESYSTEM, off-site: true}
            - id: bucket
              type: s3
              off-site: true
              s3: {bucket: %s, region: %s, endpoint: "%s", path-style: true}
        gateways:
          - {id: %s, type: caddy, admin-url: "%s", environment: test, application: shop,
             owner: platform-team}
        """
            .formatted(BUCKET, S3ProxyServer.REGION, s3.endpoint(), GATEWAY, caddy.adminUrl()));
    stack =
        new EmbeddedStack(
                ConfigLoader.load(configFile),
                new Progress(new PrintStream(new ByteArrayOutputStream()), 9))
            .start();
    ControlPlaneClient api = new ControlPlaneClient(stack.controlPlaneUrl());
    ControlPlaneClient.Reply requested =
        api.post(
            "/api/v1/gateways/" + GATEWAY + "/backups",
            Map.of("type", "FULL", "description", "release 1", "requestedBy", "e2e"),
            "dr-release-1");
    assertThat(requested.status()).as(requested.body().toString()).isEqualTo(202);
    backupName = awaitVerifiedBackup(api).path("name").asText();

    String broker = stack.bootstrapServers();
    stack.close();
    stack = null;
    assertThat(accepts(broker)).as("the Kafka broker at " + broker + " is gone").isFalse();
  }

  @AfterAll
  void stop() {
    if (stack != null) {
      stack.close();
    }
    if (caddy != null) {
      caddy.close();
    }
    if (s3 != null) {
      s3.close();
    }
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  @Test
  @Order(1)
  void aRestoreFromTheOffSiteTargetAloneBringsBackRoutesAndBasicAuthWithKafkaGone()
      throws Exception {
    caddy.load(caddyConfig("caddy-release-2-broken.json"));
    assertThat(observe()).isNotEqualTo(releaseOne);

    Run restored = cli("restore", GATEWAY, "--backup", backupName, "--from", "offsite");

    assertThat(restored.exit()).as(restored.out()).isEqualTo(ExitCodes.OK);
    assertThat(restored.out())
        .contains("from target offsite alone")
        .contains("integrity-check")
        .contains("copy on target offsite (read from this target alone)")
        .contains("safety-snapshot")
        .contains("diff")
        .contains("apply")
        .contains("probe")
        .contains("SUCCESS: restored backup");
    assertThat(observe()).isEqualTo(releaseOne);
    assertThat(Files.readString(dir.resolve("data/audit/offline-restores.jsonl")))
        .contains("\"action\":\"restore.completed\"")
        .contains("\"outcome\":\"SUCCESS\"");
  }

  @Test
  @Order(2)
  void aDryRunFromTheLocalTargetReportsTheDiffAsJsonAndChangesNothing() throws Exception {
    caddy.load(caddyConfig("caddy-release-2-broken.json"));
    String broken = caddy.config();

    Run dryRun =
        cli("restore", GATEWAY, "--backup", backupName, "--from", "local", "--dry-run", "--json");

    assertThat(dryRun.exit()).as(dryRun.out()).isEqualTo(ExitCodes.OK);
    JsonNode report = new ObjectMapper().readTree(dryRun.out());
    assertThat(report.path("outcome").asText()).isEqualTo("SUCCESS");
    assertThat(report.path("from").asText()).isEqualTo("local");
    assertThat(report.path("steps"))
        .extracting(s -> s.path("step").asText())
        .containsExactly("locate", "integrity-check", "safety-snapshot", "diff");
    assertThat(report.path("changes").asText()).isNotBlank();
    assertThat(caddy.config()).isEqualTo(broken);
  }

  @Test
  @Order(3)
  void aDamagedCopyOnTheChosenTargetIsRefusedAndTheGatewayIsUntouched() throws Exception {
    caddy.load(caddyConfig("caddy-release-2-broken.json"));
    String broken = caddy.config();
    List<String> brokenTraffic = observe();
    Path damaged = sealedSnapshot("removable");
    byte[] bytes = Files.readAllBytes(damaged);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(damaged, bytes);

    Run refused = cli("restore", GATEWAY, "--backup", backupName, "--from", "removable");

    assertThat(refused.exit()).as(refused.out()).isEqualTo(ExitCodes.FAILED);
    assertThat(refused.out())
        .contains("integrity-check")
        .contains("refused")
        .contains("on target removable is not usable")
        .contains("Restore it --from another target")
        .contains("nothing was changed")
        .doesNotContain("safety-snapshot");
    assertThat(caddy.config()).isEqualTo(broken);
    assertThat(observe()).isEqualTo(brokenTraffic);

    // The healthy copy on another target still restores.
    Run fromLocal = cli("restore", GATEWAY, "--backup", backupName, "--from", "local");
    assertThat(fromLocal.exit()).as(fromLocal.out()).isEqualTo(ExitCodes.OK);
    assertThat(observe()).isEqualTo(releaseOne);
  }

  @Test
  @Order(4)
  void aRestoreFromTheS3TargetAloneBringsBackRoutesAndBasicAuthWithKafkaGone() throws Exception {
    caddy.load(caddyConfig("caddy-release-2-broken.json"));
    assertThat(observe()).isNotEqualTo(releaseOne);

    Run restored = cli("restore", GATEWAY, "--backup", backupName, "--from", "bucket");

    assertThat(restored.exit()).as(restored.out()).isEqualTo(ExitCodes.OK);
    assertThat(restored.out())
        .contains("from target bucket alone")
        .contains("copy on target bucket (read from this target alone)")
        .contains("SUCCESS: restored backup");
    assertThat(observe()).isEqualTo(releaseOne);
    // The plaintext went through a temporary file, gone once the restore ended.
    try (Stream<Path> left = Files.walk(dir.resolve("data/restore-work"))) {
      assertThat(left.filter(Files::isRegularFile).toList()).isEmpty();
    }
  }

  @Test
  @Order(5)
  void anUnknownTargetIsAUsageErrorAndNothingIsDone() {
    Run unknown = cli("restore", GATEWAY, "--backup", backupName, "--from", "nowhere");

    assertThat(unknown.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.out()).contains("No storage target 'nowhere'").contains("offsite");
  }

  /**
   * Runs {@code gatevault <args> --config <file>}, capturing what it prints to both streams. The
   * stopped services' contexts left Spring's console logging in place, so logging is quieted while
   * the command runs (the CLI alone logs warnings only).
   */
  private Run cli(String... args) {
    String[] full =
        Stream.concat(Stream.of(args), Stream.of("--config", configFile.toString()))
            .toArray(String[]::new);
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream both = new PrintStream(captured, true, StandardCharsets.UTF_8);
    ch.qos.logback.classic.Logger root =
        (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ch.qos.logback.classic.Level level = root.getLevel();
    root.setLevel(ch.qos.logback.classic.Level.OFF);
    System.setOut(both);
    System.setErr(both);
    try {
      int exit = GatevaultCommand.commandLine().execute(full);
      return new Run(exit, captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
      root.setLevel(level);
    }
  }

  private static JsonNode awaitVerifiedBackup(ControlPlaneClient api) throws Exception {
    Instant deadline = Instant.now().plusSeconds(90);
    JsonNode last = null;
    while (Instant.now().isBefore(deadline)) {
      JsonNode backups = api.get("/api/v1/backups?gateway=" + GATEWAY + "&limit=1").body();
      if (backups.path("backups").size() > 0) {
        last = backups.path("backups").get(0);
        if ("SUCCESS".equals(last.path("status").asText())) {
          return last;
        }
      }
      Thread.sleep(300);
    }
    throw new AssertionError("the backup was not verified within 90 s; last: " + last);
  }

  private static boolean accepts(String hostAndPort) {
    String[] parts = hostAndPort.split(",")[0].split(":");
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(parts[0], Integer.parseInt(parts[1])), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** What clients see through Caddy: status, body and the release header of each request. */
  private List<String> observe() throws Exception {
    List<String> seen = new ArrayList<>();
    seen.add(get("/hello", null));
    seen.add(get("/orders/42", null));
    seen.add(get("/admin/panel", null));
    seen.add(get("/admin/panel", "alice:wrong"));
    seen.add(get("/admin/panel", "alice:open-sesame"));
    return seen;
  }

  private String get(String path, String credentials) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sitePort + path))
            .timeout(Duration.ofSeconds(10));
    if (credentials != null) {
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return path
        + (credentials == null ? "" : " as " + credentials)
        + " -> "
        + response.statusCode()
        + " "
        + response.headers().firstValue("X-Release").orElse("-")
        + " "
        + response.body();
  }

  private Path sealedSnapshot(String target) throws IOException {
    try (Stream<Path> files = Files.walk(dir.resolve("targets").resolve(target))) {
      return files
          .filter(p -> p.toString().endsWith(".gvx") && p.toString().contains("/snapshots/"))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no sealed snapshot on target " + target));
    }
  }

  private String caddyConfig(String resource) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/e2e/" + resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("${SITE_PORT}", Integer.toString(sitePort));
    }
  }
}

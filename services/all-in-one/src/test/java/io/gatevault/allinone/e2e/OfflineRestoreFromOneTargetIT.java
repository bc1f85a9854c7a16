package io.gatevault.allinone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatevault.allinone.cli.ExitCodes;
import io.gatevault.storage.s3.S3ProxyServer;
import io.gatevault.testsupport.CaddyProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
  private E2eFixture fixture;
  private CaddyProcess caddy;
  private S3ProxyServer s3;
  private List<String> releaseOne;
  private String backupName;

  @BeforeAll
  void backUpThroughTheRunningStackThenLoseKafka() throws Exception {
    s3 = S3ProxyServer.start(dir.resolve("s3proxy"));
    try (S3Client admin = s3.client()) {
      admin.createBucket(b -> b.bucket(BUCKET));
    }
    // Services and CLI find S3Proxy's key through the SDK's default chain (system properties).
    System.setProperty("aws.accessKeyId", S3ProxyServer.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", S3ProxyServer.SECRET_KEY);
    fixture = new E2eFixture(dir);
    fixture.sitePort(CaddyProcess.freePort());
    caddy = CaddyProcess.start(fixture.caddyConfig("caddy-release-1.json"));
    releaseOne = observe();
    fixture.writeConfig(
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
    fixture.startStack();
    backupName =
        fixture.backUpAndAwaitVerified(GATEWAY, "release 1", "dr-release-1").path("name").asText();

    String broker = fixture.stack().bootstrapServers();
    fixture.stopStack();
    assertThat(accepts(broker)).as("the Kafka broker at " + broker + " is gone").isFalse();
  }

  @AfterAll
  void stop() {
    if (fixture != null) {
      fixture.close();
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
    caddy.load(fixture.caddyConfig("caddy-release-2-broken.json"));
    assertThat(observe()).isNotEqualTo(releaseOne);

    E2eFixture.Run restored =
        fixture.cli("restore", GATEWAY, "--backup", backupName, "--from", "offsite");

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
    caddy.load(fixture.caddyConfig("caddy-release-2-broken.json"));
    String broken = caddy.config();

    E2eFixture.Run dryRun =
        fixture.cli(
            "restore", GATEWAY, "--backup", backupName, "--from", "local", "--dry-run", "--json");

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
    caddy.load(fixture.caddyConfig("caddy-release-2-broken.json"));
    String broken = caddy.config();
    List<String> brokenTraffic = observe();
    Path damaged = sealedSnapshot("removable");
    byte[] bytes = Files.readAllBytes(damaged);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(damaged, bytes);

    E2eFixture.Run refused =
        fixture.cli("restore", GATEWAY, "--backup", backupName, "--from", "removable");

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
    E2eFixture.Run fromLocal =
        fixture.cli("restore", GATEWAY, "--backup", backupName, "--from", "local");
    assertThat(fromLocal.exit()).as(fromLocal.out()).isEqualTo(ExitCodes.OK);
    assertThat(observe()).isEqualTo(releaseOne);
  }

  @Test
  @Order(4)
  void aRestoreFromTheS3TargetAloneBringsBackRoutesAndBasicAuthWithKafkaGone() throws Exception {
    caddy.load(fixture.caddyConfig("caddy-release-2-broken.json"));
    assertThat(observe()).isNotEqualTo(releaseOne);

    E2eFixture.Run restored =
        fixture.cli("restore", GATEWAY, "--backup", backupName, "--from", "bucket");

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
    E2eFixture.Run unknown =
        fixture.cli("restore", GATEWAY, "--backup", backupName, "--from", "nowhere");

    assertThat(unknown.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.out()).contains("No storage target 'nowhere'").contains("offsite");
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
    seen.add(fixture.get("/hello", null));
    seen.add(fixture.get("/orders/42", null));
    seen.add(fixture.get("/admin/panel", null));
    seen.add(fixture.get("/admin/panel", "alice:wrong"));
    seen.add(fixture.get("/admin/panel", "alice:open-sesame"));
    return seen;
  }

  private Path sealedSnapshot(String target) throws IOException {
    try (Stream<Path> files = Files.walk(dir.resolve("targets").resolve(target))) {
      return files
          .filter(p -> p.toString().endsWith(".gvx") && p.toString().contains("/snapshots/"))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no sealed snapshot on target " + target));
    }
  }
}

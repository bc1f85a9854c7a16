package io.gatevault.allinone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatevault.allinone.cli.ControlPlaneClient;
import io.gatevault.allinone.cli.ExitCodes;
import io.gatevault.testsupport.CaddyProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Selective point-in-time restore through the running stack (control plane, gatevault.commands,
 * restore service) on a real Caddy: capture's poll-and-diff feed numbers the changes made behind
 * Gatevault's back after a verified full backup, then {@code gatevault restore --at <moment>
 * --only-name <one route> --url <control plane>} sends the selection in the restore command. Only
 * that route comes back as it was at the moment; every other route keeps answering as it runs now.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SelectiveRestoreThroughControlPlaneIT {

  private static final String GATEWAY = "caddy-selective";
  private static final String HELLO_ONLY = "handler/hello/*";
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir static Path dir;
  private E2eFixture fixture;
  private CaddyProcess caddy;
  private ControlPlaneClient api;
  private final List<Moment> moments = new ArrayList<>();

  private record Moment(Instant at, long lastSequence, String config, List<String> traffic) {}

  @BeforeAll
  void backUpThenChangeTwoRoutesBehindGatevaultsBack() throws Exception {
    fixture = new E2eFixture(dir);
    fixture.sitePort(CaddyProcess.freePort());
    caddy = CaddyProcess.start(fixture.caddyConfig("caddy-release-1.json"));
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
        gateways:
          - {id: %s, type: caddy, admin-url: "%s", environment: test, application: shop,
             owner: platform-team, poll-interval: 200ms}
        changes: {segment-events: 1000, segment-seconds: 3600}
        """
            .formatted(GATEWAY, caddy.adminUrl()));
    fixture.startStack();
    api = fixture.controlPlane();
    fixture.awaitChangesAbove(GATEWAY, 0);

    fixture.requestFullBackup(GATEWAY, "before the changes", "selective-full");
    fixture.awaitVerifiedFullBackup(GATEWAY);
    moments.add(new Moment(Instant.now(), lastSequence(), caddy.config(), observe()));

    List<Consumer<ObjectNode>> script =
        List.of(ShopRoutes::helloBecomesReleaseTwo, ShopRoutes::statusRouteIsAdded);
    for (Consumer<ObjectNode> change : script) {
      Instant at = fixture.changeBehindGatevaultsBack(caddy, GATEWAY, change);
      moments.add(new Moment(at, lastSequence(), caddy.config(), observe()));
    }
  }

  @AfterAll
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
    if (caddy != null) {
      caddy.close();
    }
  }

  @Test
  @Order(1)
  void aSelectiveRestoreAtAMomentChangesOnlyTheSelectedRoute() throws Exception {
    caddy.load(fixture.caddyConfig("caddy-release-2-broken.json"));
    List<String> broken = observe();
    Moment helloChanged = moments.get(1);
    assertThat(broken.get(0))
        .as("the broken release answers /hello differently from the moment restored")
        .isNotEqualTo(helloChanged.traffic().get(0));

    E2eFixture.Run restored =
        fixture.cliOnline(
            "restore",
            GATEWAY,
            "--at",
            helloChanged.at().plusMillis(300).toString(),
            "--only-name",
            HELLO_ONLY);

    assertThat(restored.exit()).as(restored.out()).isEqualTo(ExitCodes.OK);
    assertThat(restored.out())
        .contains("(only name matching [" + HELLO_ONLY + "])")
        .contains("Left out by the selection")
        .contains("for name matching [" + HELLO_ONLY + "]");
    List<String> traffic = observe();
    // /hello answers as at that moment (release 2's body and header); every other path exactly
    // as the broken release running before the restore.
    assertThat(traffic.get(0)).isEqualTo(helloChanged.traffic().get(0));
    assertThat(traffic.subList(1, traffic.size())).isEqualTo(broken.subList(1, broken.size()));
  }

  @Test
  @Order(2)
  void theRestoreRequestOnTheAuditTrailNamesTheSelection() throws Exception {
    Instant deadline = Instant.now().plus(WAIT);
    JsonNode audit = null;
    while (Instant.now().isBefore(deadline)) {
      audit = api.get("/api/v1/audit?limit=1000").body();
      for (JsonNode record : audit) {
        if ("restore.request".equals(record.path("action").asText())
            && HELLO_ONLY.equals(record.path("detail").path("onlyNames").asText())) {
          assertThat(record.path("target").asText()).isEqualTo(GATEWAY);
          return;
        }
      }
      Thread.sleep(300);
    }
    throw new AssertionError("no restore.request naming onlyNames " + HELLO_ONLY + ": " + audit);
  }

  @Test
  @Order(3)
  void withoutASelectionTheSameMomentRestoresEveryRoute() throws Exception {
    Moment helloChanged = moments.get(1);

    E2eFixture.Run restored =
        fixture.cliOnline("restore", GATEWAY, "--at", helloChanged.at().plusMillis(300).toString());

    assertThat(restored.exit()).as(restored.out()).isEqualTo(ExitCodes.OK);
    assertThat(restored.out()).doesNotContain("Left out by the selection");
    assertThat(caddy.config()).isEqualTo(helloChanged.config());
    assertThat(observe()).isEqualTo(helloChanged.traffic());
  }

  private long lastSequence() {
    return fixture.lastSequence(GATEWAY);
  }

  private List<String> observe() throws Exception {
    List<String> seen = new ArrayList<>();
    seen.add(fixture.get("/hello", null));
    seen.add(fixture.get("/orders/42", null));
    seen.add(fixture.get("/status", null));
    seen.add(fixture.get("/admin/panel", null));
    seen.add(fixture.get("/admin/panel", "alice:open-sesame"));
    return seen;
  }
}

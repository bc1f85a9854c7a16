package io.gatevault.allinone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * Point-in-time restore from what the running pipeline captured, nothing written by the test: a
 * real Caddy changed behind Gatevault's back, capture's poll-and-diff feed publishing the changes
 * on gatevault.changes.raw, a verified full backup with its watermark, {@code backup --type
 * incremental} sealing a change segment that is replicated and verified on three targets, and one
 * later change left on the topic only. Restores through the control plane (segment + topic tail),
 * then with the stack stopped from one target alone, each compared with the configuration and
 * traffic recorded at that moment.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CapturedChangesPointInTimeIT {

  private static final String GATEWAY = "caddy-captured";
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir static Path dir;
  private E2eFixture fixture;
  private CaddyProcess caddy;
  private final List<Moment> moments = new ArrayList<>();

  private record Moment(Instant at, long lastSequence, String config, List<String> traffic) {}

  @BeforeAll
  void captureBackUpChangeAndSeal() throws Exception {
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
    fixture.awaitChangesAbove(GATEWAY, 0);

    fixture.requestFullBackup(GATEWAY, "before the changes", "pitr-full");
    fixture.awaitVerifiedFullBackup(GATEWAY);
    moments.add(new Moment(Instant.now(), lastSequence(), caddy.config(), observe()));

    List<Consumer<ObjectNode>> script =
        List.of(
            ShopRoutes::helloBecomesReleaseTwo,
            ShopRoutes::statusRouteIsAdded,
            ShopRoutes::ordersRouteIsRemoved);
    for (int step = 0; step < script.size(); step++) {
      Instant at = fixture.changeBehindGatevaultsBack(caddy, GATEWAY, script.get(step));
      moments.add(new Moment(at, lastSequence(), caddy.config(), observe()));
      if (step == 1) {
        // Moments 1-2 sealed into a segment; the change of moment 3 stays on the topic only.
        E2eFixture.Run closed = fixture.cliOnline("backup", GATEWAY, "--type", "incremental");
        assertThat(closed.exit()).as(closed.out()).isEqualTo(ExitCodes.OK);
        fixture.awaitVerifiedSegmentEndingAt(GATEWAY, lastSequence());
      }
    }
    caddy.load(fixture.caddyConfig("caddy-release-2-broken.json"));
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
  void throughTheControlPlaneEachMomentComesBackFromTheSegmentAndTheTopicTail() throws Exception {
    for (int moment : new int[] {1, 3, 2}) {
      E2eFixture.Run restored =
          fixture.cliOnline(
              "restore", GATEWAY, "--at", moments.get(moment).at().plusMillis(300).toString());

      assertThat(restored.exit()).as(restored.out()).isEqualTo(ExitCodes.OK);
      assertThat(caddy.config()).as("moment " + moment).isEqualTo(moments.get(moment).config());
      assertThat(observe()).as("moment " + moment).isEqualTo(moments.get(moment).traffic());
      if (moment == 3) {
        assertThat(restored.out()).contains("change(s) from topic gatevault.changes.raw");
      }
    }
  }

  @Test
  @Order(2)
  void withTheStackStoppedTheSealedMomentsComeBackFromOneTargetAlone() throws Exception {
    fixture.stopStack();
    caddy.load(fixture.caddyConfig("caddy-release-2-broken.json"));

    E2eFixture.Run restored =
        fixture.cli(
            "restore",
            GATEWAY,
            "--seq",
            Long.toString(moments.get(2).lastSequence()),
            "--from",
            "offsite");

    assertThat(restored.exit()).as(restored.out()).isEqualTo(ExitCodes.OK);
    assertThat(restored.out()).contains("sealed segment(s)");
    assertThat(caddy.config()).isEqualTo(moments.get(2).config());
    assertThat(observe()).isEqualTo(moments.get(2).traffic());
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

package io.gatevault.allinone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatevault.allinone.cli.ExitCodes;
import io.gatevault.testsupport.CaddyProcess;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gatevault gdpr erase} of a person whose e-mail is a Caddy route's {@code @id} (their own
 * page), on a real Caddy with continuous capture, checkpoints and three targets. The route after it
 * carries the position tag {@code after:<e-mail>} in the snapshot, the checkpoints and capture's
 * change segments; after the erasure no copy names the person (tags included), and a point-in-time
 * restore rebuilds the remaining routes in the order Caddy had them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GdprEraseRoutePositionsIT {

  private static final String GATEWAY = "caddy-pages";
  private static final String SUBJECT = "alice@example.com";

  @TempDir static Path dir;
  private E2eFixture fixture;
  private int sitePort;
  private CaddyProcess caddy;

  @BeforeAll
  void start() throws Exception {
    fixture = new E2eFixture(dir);
    sitePort = fixture.sitePort(CaddyProcess.freePort());
    caddy = fixture.startCaddy(pages());
    fixture.writeConfig(
        """
        data-dir: data
        registry: {port: %d}
        control-plane: {port: %d}
        gateways:
          - {id: %s, type: caddy, admin-url: "%s", environment: test, application: pages,
             owner: sre}
        changes: {checkpoint-every: 2}
        """
            .formatted(0, 0, GATEWAY, caddy.adminUrl()));
    fixture.startStack();
  }

  @AfterAll
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void noCopyNamesTheErasedRouteAndPointInTimeRestoresTheOthersInOrder() throws Exception {
    fixture.backUpAndAwaitVerified(GATEWAY, "release 1", "gdpr-positions-1");
    assertThat(fixture.answer("/u/alice/", null, null)).isEqualTo("200 alice's page");
    // Release 2: the shop route moves to /store/* (its change's images say it follows alice's).
    Instant atRelease2 =
        fixture.changeBehindGatevaultsBack(
            caddy,
            GATEWAY,
            config -> {
              ObjectNode shop = (ObjectNode) routes(config).get(2);
              ((ArrayNode) shop.path("match").get(0).path("path")).removeAll().add("/store/*");
            });
    // Release 3: the person's page is removed from Caddy first, as docs/gdpr.md asks.
    fixture.changeBehindGatevaultsBack(caddy, GATEWAY, config -> routes(config).remove(1));
    fixture.awaitVerifiedSegmentEndingAt(GATEWAY, fixture.lastSequence(GATEWAY));
    fixture.awaitCheckpointsWith(SUBJECT);
    List<String> before = fixture.unsealedDocuments();
    assertThat(before).anyMatch(d -> d.contains("after:" + SUBJECT));

    E2eFixture.Run erase =
        fixture.cliStdoutOnline(
            "gdpr",
            "erase",
            "--subject",
            SUBJECT,
            "--reason",
            "Art. 17 request GDPR-4712",
            "--actor",
            "dpo@example.com",
            "--json");

    assertThat(erase.exit()).as(erase.out()).isEqualTo(ExitCodes.OK);
    JsonNode report = new ObjectMapper().readTree(erase.out());
    assertThat(report.path("result").asText()).as(erase.out()).isEqualTo("COMPLETE");
    List<String> kinds = new ArrayList<>();
    for (JsonNode erased : report.path("artifacts")) {
      assertThat(erased.path("outcome").asText()).as(erased.toString()).isEqualTo("ERASED");
      kinds.add(erased.path("oldName").asText());
    }
    // The snapshot, a checkpoint and capture's segments all held the route or a tag naming it.
    assertThat(kinds)
        .anyMatch(name -> name.contains("-full"))
        .anyMatch(name -> name.startsWith("checkpoint-"))
        .anyMatch(name -> name.matches("\\d+-\\d+"));
    assertThat(report.path("rescanClean").asBoolean()).as(erase.out()).isTrue();
    assertThat(erase.out()).doesNotContain(SUBJECT);
    List<String> after = fixture.unsealedDocuments();
    assertThat(after).hasSameSizeAs(before).noneMatch(d -> d.contains(SUBJECT));
    assertThat(after).noneMatch(d -> d.contains("alice's page"));

    // Point in time, release 2: shop moved, the person's page gone, the routes in Caddy's order.
    E2eFixture.Run restore =
        fixture.cliStdoutOnline("restore", GATEWAY, "--at", atRelease2.toString(), "--wait", "90");
    assertThat(restore.exit()).as(restore.out()).isZero();
    JsonNode restored = new ObjectMapper().readTree(caddy.config());
    assertThat(routes(restored).findValuesAsText("@id"))
        .as(restored.toString())
        .containsExactly("home", "shop", "fallback");
    assertThat(fixture.answer("/store/x", null, null))
        .as(restore.out() + "\n" + restored)
        .isEqualTo("200 shop");
    assertThat(fixture.answer("/u/alice/", null, null)).isEqualTo("200 fallback");
    assertThat(fixture.answer("/", null, null)).isEqualTo("200 home");
  }

  private static ArrayNode routes(JsonNode config) {
    return (ArrayNode)
        config.path("apps").path("http").path("servers").path("pages").path("routes");
  }

  /** Four routes; the second is the person's own page, its {@code @id} their e-mail. */
  private String pages() {
    return """
        {"apps":{"http":{"servers":{"pages":{"listen":["127.0.0.1:%d"],
          "automatic_https":{"disable":true},"routes":[
          {"@id":"home","match":[{"path":["/"]}],
           "handle":[{"handler":"static_response","body":"home"}]},
          {"@id":"%s","match":[{"path":["/u/alice/*"]}],
           "handle":[{"handler":"static_response","body":"alice's page"}]},
          {"@id":"shop","match":[{"path":["/shop/*"]}],
           "handle":[{"handler":"static_response","body":"shop"}]},
          {"@id":"fallback","handle":[{"handler":"static_response","body":"fallback"}]}
        ]}}}}}
        """
        .formatted(sitePort, SUBJECT);
  }
}

package io.gatevault.allinone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatevault.allinone.cli.ControlPlaneClient;
import io.gatevault.allinone.cli.ExitCodes;
import io.gatevault.allinone.cli.GatevaultCommand;
import io.gatevault.allinone.config.ConfigLoader;
import io.gatevault.allinone.stack.EmbeddedStack;
import io.gatevault.allinone.stack.Progress;
import io.gatevault.core.event.ConfigChange;
import io.gatevault.stream.GatevaultTopics;
import io.gatevault.stream.testing.TopicProbe;
import io.gatevault.testsupport.CaddyProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
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
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private int sitePort;
  private CaddyProcess caddy;
  private Path configFile;
  private EmbeddedStack stack;
  private ControlPlaneClient api;
  private final List<Moment> moments = new ArrayList<>();

  private record Moment(Instant at, long lastSequence, String config, List<String> traffic) {}

  private record Run(int exit, String out) {}

  @BeforeAll
  void backUpThenChangeTwoRoutesBehindGatevaultsBack() throws Exception {
    sitePort = CaddyProcess.freePort();
    caddy = CaddyProcess.start(caddyConfig("caddy-release-1.json"));
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
        gateways:
          - {id: %s, type: caddy, admin-url: "%s", environment: test, application: shop,
             owner: platform-team, poll-interval: 200ms}
        changes: {segment-events: 1000, segment-seconds: 3600}
        """
            .formatted(GATEWAY, caddy.adminUrl()));
    stack =
        new EmbeddedStack(
                ConfigLoader.load(configFile),
                new Progress(new PrintStream(new ByteArrayOutputStream()), 9))
            .start();
    api = new ControlPlaneClient(stack.controlPlaneUrl());
    awaitChangesAbove(0);

    ControlPlaneClient.Reply requested =
        api.post(
            "/api/v1/gateways/" + GATEWAY + "/backups",
            Map.of("type", "FULL", "description", "before the changes", "requestedBy", "e2e"),
            "selective-full");
    assertThat(requested.status()).as(requested.body().toString()).isEqualTo(202);
    awaitVerifiedFullBackup();
    moments.add(new Moment(Instant.now(), lastSequence(), caddy.config(), observe()));

    List<Consumer<ObjectNode>> script =
        List.of(this::helloBecomesReleaseTwo, this::statusRouteIsAdded);
    for (Consumer<ObjectNode> change : script) {
      Thread.sleep(1_100);
      long before = lastSequence();
      ObjectNode running = (ObjectNode) JSON.readTree(caddy.config());
      running.remove("admin");
      change.accept(running);
      caddy.load(running.toString());
      awaitChangesAbove(before);
      Thread.sleep(600); // the rest of that poll's changes
      List<ConfigChange> caught = awaitChangesAbove(before);
      Instant at =
          caught.stream().map(ConfigChange::occurredAt).max(Comparator.naturalOrder()).get();
      moments.add(new Moment(at, lastSequence(), caddy.config(), observe()));
    }
  }

  @AfterAll
  void stop() {
    if (stack != null) {
      stack.close();
    }
    if (caddy != null) {
      caddy.close();
    }
  }

  @Test
  @Order(1)
  void aSelectiveRestoreAtAMomentChangesOnlyTheSelectedRoute() throws Exception {
    caddy.load(caddyConfig("caddy-release-2-broken.json"));
    List<String> broken = observe();
    Moment helloChanged = moments.get(1);
    assertThat(broken.get(0))
        .as("the broken release answers /hello differently from the moment restored")
        .isNotEqualTo(helloChanged.traffic().get(0));

    Run restored =
        cli(
            "restore",
            GATEWAY,
            "--at",
            helloChanged.at().plusMillis(300).toString(),
            "--only-name",
            HELLO_ONLY,
            "--url",
            stack.controlPlaneUrl());

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

    Run restored =
        cli(
            "restore",
            GATEWAY,
            "--at",
            helloChanged.at().plusMillis(300).toString(),
            "--url",
            stack.controlPlaneUrl());

    assertThat(restored.exit()).as(restored.out()).isEqualTo(ExitCodes.OK);
    assertThat(restored.out()).doesNotContain("Left out by the selection");
    assertThat(caddy.config()).isEqualTo(helloChanged.config());
    assertThat(observe()).isEqualTo(helloChanged.traffic());
  }

  private long lastSequence() {
    List<ConfigChange> all = changes(Duration.ofSeconds(2));
    return all.isEmpty() ? 0 : all.get(all.size() - 1).sequence();
  }

  private List<ConfigChange> awaitChangesAbove(long sequence) {
    Instant deadline = Instant.now().plus(WAIT);
    while (Instant.now().isBefore(deadline)) {
      List<ConfigChange> above =
          changes(Duration.ofSeconds(2)).stream().filter(c -> c.sequence() > sequence).toList();
      if (!above.isEmpty()) {
        return above;
      }
    }
    throw new AssertionError("capture published no change above sequence " + sequence);
  }

  private List<ConfigChange> changes(Duration wait) {
    try (TopicProbe probe = new TopicProbe(stack.bootstrapServers(), stack.registryUrl())) {
      return probe
          .awaitEvents(
              GatevaultTopics.CHANGES_RAW,
              ConfigChange.class,
              c -> c.gatewayId().equals(GATEWAY),
              Integer.MAX_VALUE,
              wait)
          .stream()
          .sorted(Comparator.comparingLong(ConfigChange::sequence))
          .toList();
    }
  }

  private void awaitVerifiedFullBackup() throws Exception {
    Instant deadline = Instant.now().plus(WAIT);
    while (Instant.now().isBefore(deadline)) {
      for (JsonNode backup :
          api.get("/api/v1/backups?gateway=" + GATEWAY + "&limit=10").body().path("backups")) {
        if ("SUCCESS".equals(backup.path("status").asText())) {
          return;
        }
      }
      Thread.sleep(300);
    }
    throw new AssertionError("the full backup was not verified within " + WAIT);
  }

  private void helloBecomesReleaseTwo(ObjectNode config) {
    ArrayNode handle = (ArrayNode) route(config, "hello").path("handle");
    ((ObjectNode) handle.get(0).path("response").path("set")).putArray("X-Release").add("2");
    ((ObjectNode) handle.get(1)).put("body", "hello from release 2");
  }

  private void statusRouteIsAdded(ObjectNode config) {
    ObjectNode status = routes(config).addObject();
    status.put("@id", "status");
    status.putArray("match").addObject().putArray("path").add("/status");
    status.putArray("handle").addObject().put("handler", "static_response").put("body", "ok");
  }

  private static ArrayNode routes(ObjectNode config) {
    return (ArrayNode) config.path("apps").path("http").path("servers").path("shop").path("routes");
  }

  private static ObjectNode route(ObjectNode config, String id) {
    for (JsonNode route : routes(config)) {
      if (route.path("@id").asText().equals(id)) {
        return (ObjectNode) route;
      }
    }
    throw new IllegalStateException("no route @id " + id + " in " + config);
  }

  private List<String> observe() throws Exception {
    List<String> seen = new ArrayList<>();
    seen.add(get("/hello", null));
    seen.add(get("/orders/42", null));
    seen.add(get("/status", null));
    seen.add(get("/admin/panel", null));
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
        + " -> "
        + response.statusCode()
        + " "
        + response.headers().firstValue("X-Release").orElse("-")
        + " "
        + response.body();
  }

  private Run cli(String... args) {
    String[] full =
        Stream.concat(Stream.of(args), Stream.of("--config", configFile.toString()))
            .toArray(String[]::new);
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream both = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setOut(both);
    System.setErr(both);
    try {
      int exit = GatevaultCommand.commandLine().execute(full);
      return new Run(exit, captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  private String caddyConfig(String resource) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/e2e/" + resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("${SITE_PORT}", Integer.toString(sitePort));
    }
  }
}

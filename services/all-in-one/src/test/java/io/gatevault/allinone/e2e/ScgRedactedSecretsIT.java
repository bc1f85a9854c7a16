package io.gatevault.allinone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatevault.allinone.cli.ControlPlaneClient;
import io.gatevault.allinone.cli.GatevaultCommand;
import io.gatevault.allinone.config.ConfigLoader;
import io.gatevault.allinone.stack.EmbeddedStack;
import io.gatevault.allinone.stack.Progress;
import io.gatevault.core.config.CanonicalJson;
import io.gatevault.core.gateway.GatewayAdapter;
import io.gatevault.core.gateway.GatewayDescriptor;
import io.gatevault.gateways.GatewayAdapters;
import io.gatevault.gateways.scg.ScgProcess;
import io.gatevault.gateways.scg.ScgRouteDefinitions;
import io.gatevault.gateways.scg.SpringCloudGatewayAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code secrets: redact} on a real Spring Cloud Gateway (the testbed): a route behind the {@code
 * BasicAuth} filter and a route whose {@code Header} predicate requires an X-Api-Key are backed up
 * through the running stack; neither the hash nor the token (nor their base64) is in any file on
 * any target; the offline restore with a secrets file brings both back, checked by requests through
 * the gateway.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScgRedactedSecretsIT {

  private static final String GATEWAY = "scg-redacted";
  private static final String PASSWORD = "carol-pass-31";
  private static final String TOKEN = "gv-scg-api-key-77d1c0";

  @TempDir static Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private ScgProcess scg;
  private GatewayAdapter adapter;
  private Path configFile;
  private EmbeddedStack stack;
  private String hash;

  @BeforeAll
  void startGatewayAndGatevault() throws Exception {
    scg = ScgProcess.start();
    adapter =
        GatewayAdapters.create(
            new GatewayDescriptor(
                GATEWAY,
                SpringCloudGatewayAdapter.TYPE,
                scg.managementUrl(),
                "test",
                "shop",
                "platform-team"));
    hash = "sha256:" + HexFormat.of().formatHex(sha256(PASSWORD));
    adapter.apply(
        ScgRouteDefinitions.snapshot(
            GATEWAY,
            SpringCloudGatewayAdapter.TYPE,
            CanonicalJson.parse(
                """
                [{"id": "admin", "uri": "forward:/origin/echo", "predicates": ["Path=/admin/**"],
                  "filters": ["BasicAuth=carol, %s"]},
                 {"id": "api", "uri": "forward:/origin/echo",
                  "predicates": ["Path=/api/**", "Header=X-Api-Key, %s"]}]
                """
                    .formatted(hash, TOKEN))));
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
          - {id: %s, type: spring-cloud-gateway, admin-url: "%s", environment: test,
             application: shop, owner: platform-team, secrets: redact}
        """
            .formatted(GATEWAY, scg.managementUrl()));
    stack =
        new EmbeddedStack(
                ConfigLoader.load(configFile),
                new Progress(new PrintStream(new ByteArrayOutputStream()), 9))
            .start();
  }

  @AfterAll
  void stop() {
    if (stack != null) {
      stack.close();
    }
    if (scg != null) {
      scg.close();
    }
  }

  @Test
  void theHashAndTokenReachNoTargetAndComeBackFromASecretsFile() throws Exception {
    assertThat(get("/api/x", null, TOKEN)).startsWith("200");
    assertThat(get("/api/x", null, "wrong")).startsWith("404");
    String backup = backUp();

    List<String> found = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir.resolve("targets"))) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    for (Path file : files) {
      String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      for (String secret : List.of(hash, TOKEN, hash.substring("sha256:".length()))) {
        for (String needle : needles(secret)) {
          if (text.contains(needle)) {
            found.add(dir.relativize(file) + " holds " + needle);
          }
        }
      }
    }
    assertThat(files).hasSizeGreaterThan(5);
    assertThat(found).isEmpty();

    adapter.apply(
        ScgRouteDefinitions.snapshot(
            GATEWAY, SpringCloudGatewayAdapter.TYPE, CanonicalJson.parse("[]")));
    assertThat(get("/admin/x", null)).startsWith("404");
    Path secretsFile = dir.resolve("secrets.json");
    Files.writeString(
        secretsFile,
        "{\"route/admin#/filters/0/args/_genkey_1\": \""
            + hash
            + "\", \"route/api#/predicates/1/args/_genkey_1\": \""
            + TOKEN
            + "\"}");

    Run dryRun = cli("restore", GATEWAY, "--backup", backup, "--from", "local", "--dry-run");
    assertThat(dryRun.exit()).as(dryRun.out()).isZero();
    assertThat(dryRun.out())
        .contains(
            "route/admin#/filters/0/args/_genkey_1 (credential)",
            "route/api#/predicates/1/args/_genkey_1 (API key or token)")
        .doesNotContain(hash, TOKEN);

    Run restored =
        cli(
            "restore",
            GATEWAY,
            "--backup",
            backup,
            "--from",
            "local",
            "--secrets-file",
            secretsFile.toString());

    assertThat(restored.exit()).as(restored.out()).isZero();
    assertThat(get("/admin/x", null)).startsWith("401");
    assertThat(get("/admin/x", "carol:" + PASSWORD)).startsWith("200");
    assertThat(get("/api/x", null, TOKEN)).startsWith("200");
    assertThat(get("/api/x", null, "wrong")).startsWith("404");
  }

  private record Run(int exit, String out) {}

  private String backUp() throws Exception {
    ControlPlaneClient api = new ControlPlaneClient(stack.controlPlaneUrl());
    ControlPlaneClient.Reply requested =
        api.post(
            "/api/v1/gateways/" + GATEWAY + "/backups",
            Map.of("type", "FULL", "description", "scg secrets", "requestedBy", "e2e"),
            "scg-secrets");
    assertThat(requested.status()).as(requested.body().toString()).isEqualTo(202);
    Instant deadline = Instant.now().plusSeconds(90);
    JsonNode last = null;
    while (Instant.now().isBefore(deadline)) {
      JsonNode backups = api.get("/api/v1/backups?gateway=" + GATEWAY + "&limit=1").body();
      if (backups.path("backups").size() > 0) {
        last = backups.path("backups").get(0);
        if ("SUCCESS".equals(last.path("status").asText())) {
          return last.path("name").asText();
        }
      }
      Thread.sleep(300);
    }
    throw new AssertionError("no verified backup; last: " + last);
  }

  /** The secret, and its base64 at each of the three byte alignments it can have in a stream. */
  private static List<String> needles(String secret) {
    List<String> needles = new ArrayList<>();
    needles.add(secret);
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    for (int offset = 0; offset < 3; offset++) {
      byte[] shifted = new byte[offset + bytes.length];
      System.arraycopy(bytes, 0, shifted, offset, bytes.length);
      for (Base64.Encoder encoder : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
        String encoded = encoder.withoutPadding().encodeToString(shifted);
        needles.add(encoded.substring(offset == 0 ? 0 : 4, encoded.length() - 4));
      }
    }
    return needles;
  }

  private String get(String path, String credentials) throws Exception {
    return get(path, credentials, null);
  }

  private String get(String path, String credentials, String apiKey) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(scg.proxyUrl() + path)).timeout(Duration.ofSeconds(10));
    if (credentials != null) {
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
    if (apiKey != null) {
      request.header("X-Api-Key", apiKey);
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + " " + response.body();
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

  private static byte[] sha256(String text) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
  }
}

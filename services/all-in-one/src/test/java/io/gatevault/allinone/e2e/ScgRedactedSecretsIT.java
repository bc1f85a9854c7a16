package io.gatevault.allinone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.core.config.CanonicalJson;
import io.gatevault.core.gateway.GatewayAdapter;
import io.gatevault.core.gateway.GatewayDescriptor;
import io.gatevault.gateways.GatewayAdapters;
import io.gatevault.gateways.scg.ScgProcess;
import io.gatevault.gateways.scg.ScgRouteDefinitions;
import io.gatevault.gateways.scg.SpringCloudGatewayAdapter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
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
  private E2eFixture fixture;
  private ScgProcess scg;
  private GatewayAdapter adapter;
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
    fixture = new E2eFixture(dir);
    fixture.siteUrl(scg.proxyUrl().toString());
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
          - {id: %s, type: spring-cloud-gateway, admin-url: "%s", environment: test,
             application: shop, owner: platform-team, secrets: redact}
        """
            .formatted(GATEWAY, scg.managementUrl()));
    fixture.startStack();
  }

  @AfterAll
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
    if (scg != null) {
      scg.close();
    }
  }

  @Test
  void theHashAndTokenReachNoTargetAndComeBackFromASecretsFile() throws Exception {
    assertThat(fixture.answer("/api/x", null, TOKEN)).startsWith("200");
    assertThat(fixture.answer("/api/x", null, "wrong")).startsWith("404");
    String backup =
        fixture.backUpAndAwaitVerified(GATEWAY, "scg secrets", "scg-secrets").path("name").asText();

    List<String> found = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir.resolve("targets"))) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    for (Path file : files) {
      String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      for (String secret : List.of(hash, TOKEN, hash.substring("sha256:".length()))) {
        for (String needle : E2eFixture.needles(secret)) {
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
    assertThat(fixture.answer("/admin/x", null, null)).startsWith("404");
    Path secretsFile = dir.resolve("secrets.json");
    Files.writeString(
        secretsFile,
        "{\"route/admin#/filters/0/args/_genkey_1\": \""
            + hash
            + "\", \"route/api#/predicates/1/args/_genkey_1\": \""
            + TOKEN
            + "\"}");

    E2eFixture.Run dryRun =
        fixture.cli("restore", GATEWAY, "--backup", backup, "--from", "local", "--dry-run");
    assertThat(dryRun.exit()).as(dryRun.out()).isZero();
    assertThat(dryRun.out())
        .contains(
            "route/admin#/filters/0/args/_genkey_1 (credential)",
            "route/api#/predicates/1/args/_genkey_1 (API key or token)")
        .doesNotContain(hash, TOKEN);

    E2eFixture.Run restored =
        fixture.cli(
            "restore",
            GATEWAY,
            "--backup",
            backup,
            "--from",
            "local",
            "--secrets-file",
            secretsFile.toString());

    assertThat(restored.exit()).as(restored.out()).isZero();
    assertThat(fixture.answer("/admin/x", null, null)).startsWith("401");
    assertThat(fixture.answer("/admin/x", "carol:" + PASSWORD, null)).startsWith("200");
    assertThat(fixture.answer("/api/x", null, TOKEN)).startsWith("200");
    assertThat(fixture.answer("/api/x", null, "wrong")).startsWith("404");
  }

  private static byte[] sha256(String text) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
  }
}

package io.gatevault.allinone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatevault.allinone.cli.ControlPlaneClient;
import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.config.RedactedSecret;
import io.gatevault.testsupport.CaddyProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * No plaintext secret from a gateway configuration appears in any file on any target. A real Caddy
 * holding three known secrets (a basic-auth hash, a bearer token it sets on requests, an API key
 * its matcher requires) is backed up through the running embedded stack twice: as {@code
 * caddy-kept} ({@code secrets: keep}, the default: values sealed) and as {@code caddy-redacted}
 * ({@code secrets: redact}). Every byte of every file under every target folder is searched for
 * each secret and its base64 (at all three byte alignments). With redact, the unsealed artifact
 * holds placeholders, the restore report names each value to supply, a real restore without them is
 * refused, and the offline restore with a secrets file brings basic auth, the token and the key
 * check back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NoPlaintextSecretOnAnyTargetIT {

  private static final String ALICE_HASH =
      "$2b$04$T1uSkbZhyZmn/nLziw0rzOfF6ZTMfHhdmeTwPJYjzdt3SeDHdJpbW";
  private static final String BEARER = "Bearer gv-upstream-token-5c1e7a";
  private static final String API_KEY = "gv-api-key-9f2b44d0";
  private static final List<String> SECRETS = List.of(ALICE_HASH, BEARER, API_KEY);
  private static final String KEPT = "caddy-kept";
  private static final String REDACTED = "caddy-redacted";

  @TempDir static Path dir;
  private E2eFixture fixture;
  private int sitePort;
  private CaddyProcess caddy;
  private ControlPlaneClient api;
  private JsonNode keptBackup;
  private JsonNode redactedBackup;

  @BeforeAll
  void startCaddyAndGatevault() throws Exception {
    Assumptions.assumeTrue(
        CaddyProcess.isInstalled(), "caddy is not installed: apt-get install -y caddy");
    fixture = new E2eFixture(dir);
    sitePort = fixture.sitePort(CaddyProcess.freePort());
    caddy = CaddyProcess.start(fixture.caddyConfig("caddy-with-secrets.json"));
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
             owner: platform-team}
          - {id: %s, type: caddy, admin-url: "%s", environment: test, application: shop,
             owner: platform-team, secrets: redact}
        """
            .formatted(KEPT, caddy.adminUrl(), REDACTED, caddy.adminUrl()));
    fixture.startStack();
    api = fixture.controlPlane();
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
  void neitherASealedNorARedactedBackupLeavesAnySecretOrItsBase64InAnyFileOnAnyTarget()
      throws Exception {
    keptBackup = fixture.backUpAndAwaitVerified(KEPT, "secrets test", "secrets-" + KEPT);
    redactedBackup =
        fixture.backUpAndAwaitVerified(REDACTED, "secrets test", "secrets-" + REDACTED);

    List<Path> files = filesUnder(dir.resolve("targets"));
    assertThat(files)
        .as("both backups are on all three targets")
        .anyMatch(p -> p.toString().contains("/local/"))
        .anyMatch(p -> p.toString().contains("/removable/"))
        .anyMatch(p -> p.toString().contains("/offsite/"));
    long bytes = 0;
    List<String> found = new ArrayList<>();
    for (Path file : files) {
      byte[] content = Files.readAllBytes(file);
      bytes += content.length;
      String text = new String(content, StandardCharsets.ISO_8859_1);
      for (String secret : SECRETS) {
        for (String needle : E2eFixture.needles(secret)) {
          if (text.contains(needle)) {
            found.add(dir.relativize(file) + " holds " + needle);
          }
        }
      }
    }
    assertThat(found).as("secrets found in %d files (%d bytes)", files.size(), bytes).isEmpty();
    System.out.printf(
        "NoPlaintextSecretOnAnyTargetIT: searched %d files, %d bytes on 3 targets for %d secrets"
            + " (%d needles each)%n",
        files.size(), bytes, SECRETS.size(), E2eFixture.needles(API_KEY).size());

    // The kept backup does hold the secrets, sealed: the search above had something to find.
    assertThat(unsealed(keptBackup)).contains(ALICE_HASH, BEARER, API_KEY);
  }

  @Test
  @Order(2)
  void theUnsealedRedactedBackupHasPlaceholdersNamingEachSecretAndKeepsEverythingElse()
      throws Exception {
    String document = unsealed(redactedBackup);

    assertThat(document).doesNotContain(ALICE_HASH, BEARER, API_KEY, "gv-upstream-token-5c1e7a");
    assertThat(document).contains("alice", "admin area", "/keyed");
    ConfigSnapshot snapshot =
        ConfigSnapshot.fromDocument(document.getBytes(StandardCharsets.UTF_8));
    assertThat(snapshot.redactedSecrets())
        .extracting(RedactedSecret::reference)
        .containsExactlyInAnyOrder(
            "handler/admin/handle/0#/providers/http_basic/accounts/0/password",
            "handler/upstream/handle/0#/request/set/Authorization/0",
            "route/keyed#/match/0/header/X-Api-Key/0");
    for (RedactedSecret secret : snapshot.redactedSecrets()) {
      assertThat(document).contains(secret.placeholder());
    }
  }

  @Test
  @Order(3)
  void aRestoreThroughTheServicesNamesEveryValueToSupplyAndARealOneIsRefused() throws Exception {
    String before = caddy.config();

    JsonNode dryRun = restoreThroughServices(true);
    JsonNode real = restoreThroughServices(false);

    assertThat(dryRun.path("status").asText()).as(dryRun.toString()).isEqualTo("SUCCEEDED");
    assertThat(real.path("status").asText()).as(real.toString()).isEqualTo("FAILED");
    for (JsonNode report : List.of(dryRun, real)) {
      assertThat(report.toString())
          .contains(
              "handler/admin/handle/0#/providers/http_basic/accounts/0/password",
              "handler/upstream/handle/0#/request/set/Authorization/0",
              "route/keyed#/match/0/header/X-Api-Key/0")
          .doesNotContain(ALICE_HASH, API_KEY, "gv-upstream-token-5c1e7a");
    }
    assertThat(caddy.config()).as("the refused restore changed nothing").isEqualTo(before);
  }

  @Test
  @Order(4)
  void anOfflineRestoreWithASecretsFileBringsBasicAuthTheTokenAndTheKeyCheckBack()
      throws Exception {
    // A bad release: everything answers 503.
    caddy.load(
        "{\"apps\":{\"http\":{\"servers\":{\"shop\":{\"listen\":[\"127.0.0.1:"
            + sitePort
            + "\"],\"automatic_https\":{\"disable\":true},\"routes\":[{\"handle\":"
            + "[{\"handler\":\"static_response\",\"status_code\":503}]}]}}}}}");
    assertThat(fixture.answer("/admin/x", "alice:open-sesame", null)).startsWith("503");
    Path secretsFile = dir.resolve("secrets.txt");
    Files.writeString(
        secretsFile,
        "# values for "
            + redactedBackup.path("name").asText()
            + "\nhandler/admin/handle/0#/providers/http_basic/accounts/0/password="
            + ALICE_HASH
            + "\nhandler/upstream/handle/0#/request/set/Authorization/0="
            + BEARER
            + "\nroute/keyed#/match/0/header/X-Api-Key/0="
            + API_KEY
            + "\n");
    String backup = redactedBackup.path("name").asText();

    E2eFixture.Run withoutFrom =
        fixture.cli(
            "restore", REDACTED, "--backup", backup, "--secrets-file", secretsFile.toString());
    assertThat(withoutFrom.exit()).as(withoutFrom.out()).isEqualTo(2);
    assertThat(withoutFrom.out()).contains("--secrets-file needs --from");

    E2eFixture.Run missing =
        fixture.cli("restore", REDACTED, "--backup", backup, "--from", "offsite");
    assertThat(missing.exit()).as(missing.out()).isEqualTo(1);
    assertThat(missing.out()).contains("route/keyed#/match/0/header/X-Api-Key/0", "--secrets-file");

    E2eFixture.Run restored =
        fixture.cli(
            "restore",
            REDACTED,
            "--backup",
            backup,
            "--from",
            "offsite",
            "--secrets-file",
            secretsFile.toString());

    assertThat(restored.exit()).as(restored.out()).isEqualTo(0);
    assertThat(restored.out()).doesNotContain(ALICE_HASH, API_KEY, "gv-upstream-token-5c1e7a");
    assertThat(fixture.answer("/admin/x", null, null)).startsWith("401");
    assertThat(fixture.answer("/admin/x", "alice:open-sesame", null)).isEqualTo("200 admin area");
    assertThat(fixture.answer("/upstream", null, null)).isEqualTo("200 upstream sees " + BEARER);
    assertThat(fixture.answer("/keyed", null, API_KEY)).isEqualTo("200 key accepted");
    assertThat(fixture.answer("/keyed", null, "wrong-key")).isNotEqualTo("200 key accepted");
  }

  @Test
  @Order(5)
  void gdprRecordCountsWhatEachNewestBackupHoldsByPathAndShowsNoValue() throws Exception {
    E2eFixture.Run text = fixture.cli("gdpr", "record");
    E2eFixture.Run json = fixture.cli("gdpr", "record", "--json");

    assertThat(text.exit()).as(text.out()).isZero();
    assertThat(text.out())
        .contains("caddy-kept (caddy, environment test, owner platform-team)")
        .contains(
            "username (personal data): 1 at"
                + " handler/admin/handle/0#/providers/http_basic/accounts/0/username")
        .contains(
            "credential (secret): 1 at"
                + " handler/admin/handle/0#/providers/http_basic/accounts/0/password")
        .contains("redacted from the backup: ")
        .doesNotContain(ALICE_HASH, API_KEY, "gv-upstream-token-5c1e7a");
    JsonNode record = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
    JsonNode kept = record.path("gateways").get(0).path("foundInNewestBackup");
    assertThat(kept.path("inspected").asBoolean()).as(kept.toString()).isTrue();
    assertThat(kept.path("backup").asText()).isEqualTo(keptBackup.path("name").asText());
    JsonNode redacted = record.path("gateways").get(1).path("foundInNewestBackup");
    assertThat(redacted.path("redactedSecrets")).hasSize(3);
    assertThat(redacted.path("categories").toString())
        .as("the redacted backup still holds the username, and no secret")
        .contains("username")
        .doesNotContain("\"credential\"");
    assertThat(json.out()).doesNotContain(ALICE_HASH, API_KEY, "gv-upstream-token-5c1e7a");
  }

  private JsonNode restoreThroughServices(boolean dryRun) throws Exception {
    return fixture.restoreThroughControlPlane(
        REDACTED, redactedBackup.path("artifactId").asText(), dryRun);
  }

  /** The backup's snapshot document, read from the local target and unsealed. */
  private String unsealed(JsonNode backup) {
    return fixture.unsealed("local", backup.path("artifactId").asText());
  }

  private static List<Path> filesUnder(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }
}

package io.gatevault.allinone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatevault.allinone.cli.ControlPlaneClient;
import io.gatevault.allinone.cli.GatevaultCommand;
import io.gatevault.allinone.cli.StorageAccess;
import io.gatevault.allinone.config.ConfigLoader;
import io.gatevault.allinone.config.GatevaultConfig;
import io.gatevault.allinone.restore.SingleTargetBackupSource;
import io.gatevault.allinone.stack.EmbeddedStack;
import io.gatevault.allinone.stack.Progress;
import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.config.RedactedSecret;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.crypto.EnvelopeUnsealer;
import io.gatevault.crypto.KeystoreLoader;
import io.gatevault.crypto.KeystoreSettings;
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
import java.util.List;
import java.util.Map;
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
  private final HttpClient http = HttpClient.newHttpClient();
  private int sitePort;
  private CaddyProcess caddy;
  private Path configFile;
  private GatevaultConfig config;
  private EmbeddedStack stack;
  private ControlPlaneClient api;
  private JsonNode keptBackup;
  private JsonNode redactedBackup;

  private record Run(int exit, String out) {}

  @BeforeAll
  void startCaddyAndGatevault() throws Exception {
    Assumptions.assumeTrue(
        CaddyProcess.isInstalled(), "caddy is not installed: apt-get install -y caddy");
    sitePort = CaddyProcess.freePort();
    caddy = CaddyProcess.start(caddyConfig());
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
             owner: platform-team}
          - {id: %s, type: caddy, admin-url: "%s", environment: test, application: shop,
             owner: platform-team, secrets: redact}
        """
            .formatted(KEPT, caddy.adminUrl(), REDACTED, caddy.adminUrl()));
    config = ConfigLoader.load(configFile);
    stack =
        new EmbeddedStack(config, new Progress(new PrintStream(new ByteArrayOutputStream()), 9))
            .start();
    api = new ControlPlaneClient(stack.controlPlaneUrl());
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
  void neitherASealedNorARedactedBackupLeavesAnySecretOrItsBase64InAnyFileOnAnyTarget()
      throws Exception {
    keptBackup = backUp(KEPT);
    redactedBackup = backUp(REDACTED);

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
        for (String needle : needles(secret)) {
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
        files.size(), bytes, SECRETS.size(), needles(API_KEY).size());

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
    assertThat(get("/admin/x", "alice:open-sesame", null)).startsWith("503");
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

    Run withoutFrom =
        cli("restore", REDACTED, "--backup", backup, "--secrets-file", secretsFile.toString());
    assertThat(withoutFrom.exit()).as(withoutFrom.out()).isEqualTo(2);
    assertThat(withoutFrom.out()).contains("--secrets-file needs --from");

    Run missing = cli("restore", REDACTED, "--backup", backup, "--from", "offsite");
    assertThat(missing.exit()).as(missing.out()).isEqualTo(1);
    assertThat(missing.out()).contains("route/keyed#/match/0/header/X-Api-Key/0", "--secrets-file");

    Run restored =
        cli(
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
    assertThat(get("/admin/x", null, null)).startsWith("401");
    assertThat(get("/admin/x", "alice:open-sesame", null)).isEqualTo("200 admin area");
    assertThat(get("/upstream", null, null)).isEqualTo("200 upstream sees " + BEARER);
    assertThat(get("/keyed", null, API_KEY)).isEqualTo("200 key accepted");
    assertThat(get("/keyed", null, "wrong-key")).isNotEqualTo("200 key accepted");
  }

  @Test
  @Order(5)
  void gdprRecordCountsWhatEachNewestBackupHoldsByPathAndShowsNoValue() throws Exception {
    Run text = cli("gdpr", "record");
    Run json = cli("gdpr", "record", "--json");

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
        // Leave out the characters that also encode the neighbouring bytes.
        int start = offset == 0 ? 0 : 4;
        int end = encoded.length() - 4;
        needles.add(encoded.substring(start, end));
      }
    }
    return needles;
  }

  private JsonNode backUp(String gateway) throws Exception {
    ControlPlaneClient.Reply requested =
        api.post(
            "/api/v1/gateways/" + gateway + "/backups",
            Map.of("type", "FULL", "description", "secrets test", "requestedBy", "e2e"),
            "secrets-" + gateway);
    assertThat(requested.status()).as(requested.body().toString()).isEqualTo(202);
    Instant deadline = Instant.now().plusSeconds(90);
    JsonNode last = null;
    while (Instant.now().isBefore(deadline)) {
      JsonNode backups = api.get("/api/v1/backups?gateway=" + gateway + "&limit=1").body();
      if (backups.path("backups").size() > 0) {
        last = backups.path("backups").get(0);
        if ("SUCCESS".equals(last.path("status").asText())) {
          return last;
        }
      }
      Thread.sleep(300);
    }
    throw new AssertionError("no verified backup of " + gateway + "; last: " + last);
  }

  private JsonNode restoreThroughServices(boolean dryRun) throws Exception {
    ControlPlaneClient.Reply accepted =
        api.post(
            "/api/v1/gateways/" + REDACTED + "/restores",
            Map.of(
                "backupId",
                redactedBackup.path("artifactId").asText(),
                "dryRun",
                dryRun,
                "requestedBy",
                "e2e"),
            null);
    assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
    String commandId = accepted.body().path("commandId").asText();
    Instant deadline = Instant.now().plusSeconds(90);
    JsonNode last = null;
    while (Instant.now().isBefore(deadline)) {
      ControlPlaneClient.Reply progress = api.get("/api/v1/restores/" + commandId);
      if (progress.ok()) {
        last = progress.body();
        String status = last.path("status").asText();
        if (status.equals("SUCCEEDED") || status.equals("FAILED")) {
          return last;
        }
      }
      Thread.sleep(300);
    }
    throw new AssertionError("restore " + commandId + " did not finish; last: " + last);
  }

  /** The backup's snapshot document, read from the local target and unsealed. */
  private String unsealed(JsonNode backup) {
    BackupStore local =
        StorageAccess.all(config).stream()
            .filter(store -> store.describe().targetId().equals("local"))
            .findFirst()
            .orElseThrow();
    var keyring = config.keyring();
    EnvelopeUnsealer unsealer =
        new EnvelopeUnsealer(
            new KeystoreLoader()
                .loadKeyring(
                    new KeystoreSettings(
                        keyring.keystore(),
                        null,
                        keyring.passwordFile(),
                        keyring.keyAlias(),
                        keyring.keyVersion())));
    Path work = dir.resolve("work");
    try {
      Files.createDirectories(work);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    byte[] document =
        new SingleTargetBackupSource(local, unsealer, work)
            .read(backup.path("artifactId").asText())
            .document();
    return new String(document, StandardCharsets.UTF_8);
  }

  private static List<Path> filesUnder(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  private String get(String path, String credentials, String apiKey) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sitePort + path))
            .timeout(Duration.ofSeconds(10));
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

  private String caddyConfig() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/e2e/caddy-with-secrets.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("${SITE_PORT}", Integer.toString(sitePort));
    }
  }
}

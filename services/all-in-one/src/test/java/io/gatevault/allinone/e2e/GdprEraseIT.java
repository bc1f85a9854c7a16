package io.gatevault.allinone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatevault.allinone.cli.ExitCodes;
import io.gatevault.core.event.StorageMedium;
import io.gatevault.core.storage.BackupCatalog;
import io.gatevault.core.storage.ManifestDocument;
import io.gatevault.core.storage.Sha256;
import io.gatevault.core.storage.StoredBackup;
import io.gatevault.core.storage.TargetDescription;
import io.gatevault.crypto.EncryptionContext;
import io.gatevault.crypto.EnvelopeUnsealer;
import io.gatevault.crypto.KeystoreLoader;
import io.gatevault.crypto.KeystoreSettings;
import io.gatevault.crypto.rotation.WrappedKeyObjects;
import io.gatevault.storage.FilesystemBackupStore;
import io.gatevault.testsupport.CaddyProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gatevault gdpr erase} end to end: a real Caddy with basic-auth accounts for alice and bob,
 * backed up three times through the running embedded stack onto three targets (twice with alice,
 * once without), then alice erased from the command line with the stack stopped. Afterwards no copy
 * on any target holds alice, the deletion records are on every target, a second run changes
 * nothing, and the rewritten backup restores onto Caddy with bob still able to log in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GdprEraseIT {

  private static final String GATEWAY = "caddy-gdpr";
  private static final List<String> TARGETS = List.of("local", "removable", "offsite");
  // bcrypt of "open-sesame" (the same password for both people keeps the fixture small).
  private static final String HASH = "$2b$04$T1uSkbZhyZmn/nLziw0rzOfF6ZTMfHhdmeTwPJYjzdt3SeDHdJpbW";

  @TempDir static Path dir;
  private E2eFixture fixture;
  private int sitePort;
  private CaddyProcess caddy;

  @BeforeAll
  void start() throws Exception {
    fixture = new E2eFixture(dir);
    sitePort = fixture.sitePort(CaddyProcess.freePort());
    caddy = CaddyProcess.start(caddyConfig("1", List.of("alice", "bob")));
    fixture.writeConfig(
        """
        data-dir: data
        registry: {port: %d}
        control-plane: {port: %d}
        gateways:
          - {id: %s, type: caddy, admin-url: "%s", environment: test, application: shop,
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
    if (caddy != null) {
      caddy.close();
    }
  }

  @Test
  void aliceIsErasedFromEveryBackupOnEveryTargetAndBobStillRestores() throws Exception {
    backUp("release 1");
    caddy.load(caddyConfig("2", List.of("bob", "alice")));
    backUp("release 2");
    Thread.sleep(1500);
    Instant atRelease2 = Instant.now();
    Thread.sleep(1500);
    caddy.load(caddyConfig("3", List.of("bob")));
    backUp("release 3");
    // Continuous capture seals the release-3 changes (whose before-images still hold alice) into
    // a change segment of their own; erase what is stored once that segment is on every target.
    awaitSegmentsWith("release 3");
    // Snapshots (three backups on three targets) and the change-log segments capture wrote.
    // Checkpoints (one every 2 changes) hold the configuration too: those of releases 1 and 2
    // hold alice, on every target.
    awaitCheckpointsWith("alice");
    int copies = unsealedDocuments().size();
    assertThat(copies).isGreaterThanOrEqualTo(9);
    assertThat(unsealedDocuments()).anyMatch(d -> d.contains("alice"));

    E2eFixture.Run dryRun =
        fixture.cliStdout("gdpr", "erase", "--subject", "alice", "--reason", "r", "--dry-run");
    assertThat(dryRun.exit()).as(dryRun.out()).isZero();
    assertThat(dryRun.out()).contains("WOULD_ERASE").contains("DRY RUN");
    assertThat(unsealedDocuments()).anyMatch(d -> d.contains("alice"));

    // With the stack running, so the erasure also lands in the audit trail.
    E2eFixture.Run erase =
        fixture.cliStdoutOnline(
            "gdpr",
            "erase",
            "--subject",
            "alice",
            "--reason",
            "Art. 17 request GDPR-4711",
            "--actor",
            "dpo@example.com",
            "--json");

    assertThat(erase.exit()).as(erase.out()).isEqualTo(ExitCodes.OK);
    JsonNode report = new ObjectMapper().readTree(erase.out());
    assertThat(report.path("result").asText()).isEqualTo("COMPLETE");
    // The two snapshots with alice, and the change segments that recorded her account.
    assertThat(report.path("artifacts").size()).isGreaterThanOrEqualTo(2);
    for (JsonNode erased : report.path("artifacts")) {
      assertThat(erased.path("outcome").asText()).isEqualTo("ERASED");
      assertThat(erased.path("newSha256").asText()).isNotEqualTo(erased.path("oldSha256").asText());
      assertThat(erased.path("targets")).hasSize(3);
      assertThat(erased.path("removedPaths").toString()).doesNotContain("alice");
      if (erased.path("oldName").asText().contains("-full")) {
        // In a snapshot, Caddy's classification of personal data names the field that held her.
        assertThat(erased.path("personalDataFields").toString())
            .contains("/providers/http_basic/accounts/")
            .contains("(username)");
      }
    }
    assertThat(report.path("artifacts").findValuesAsText("oldName"))
        .as("a checkpoint holding alice is erased like the snapshots")
        .anyMatch(name -> name.startsWith("checkpoint-"));
    assertThat(report.path("checked").size()).isGreaterThanOrEqualTo(1);
    assertThat(report.path("rescan")).hasSize(copies);
    assertThat(report.path("rescanClean").asBoolean()).isTrue();
    // The report names no removed value, and not the subject.
    assertThat(erase.out()).doesNotContain("alice");

    // No copy on any target, unsealed, holds alice; bob is still in every one.
    List<String> documents = unsealedDocuments();
    assertThat(documents).hasSize(copies).noneMatch(d -> d.contains("alice"));
    assertThat(documents).filteredOn(GdprEraseIT::isCheckpoint).isNotEmpty();
    assertThat(documents)
        .filteredOn(d -> d.startsWith("{\"configHash\""))
        .hasSize(9)
        .allMatch(d -> d.contains("bob"));
    try (Stream<Path> files = Files.walk(dir.resolve("data/targets"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
            .as(file.toString())
            .doesNotContain("alice");
      }
    }
    // The deletion records, on every target.
    String erasureId = report.path("erasureId").asText();
    for (String target : TARGETS) {
      Path records =
          dir.resolve("data/targets")
              .resolve(target)
              .resolve("erasures")
              .resolve(erasureId)
              .resolve("deleted/test")
              .resolve(GATEWAY);
      try (Stream<Path> files = Files.list(records)) {
        List<Path> each = files.toList();
        assertThat(each).hasSize(report.path("artifacts").size());
        JsonNode record = new ObjectMapper().readTree(Files.readAllBytes(each.get(0)));
        assertThat(record.path("by").asText()).isEqualTo("dpo@example.com");
        assertThat(record.path("reason").asText()).isEqualTo("Art. 17 request GDPR-4711");
        assertThat(record.path("what").path("removedPaths")).isNotEmpty();
        assertThat(record.path("how").asText()).contains("fresh data key");
      }
    }

    // The audit trail has the run; the control plane lists the replaced copies as deleted.
    String audit = fixture.cliStdoutOnline("audit", "--json").out();
    assertThat(audit)
        .contains("gdpr.erase")
        .contains("erasure/" + erasureId)
        .doesNotContain("alice");
    for (JsonNode erased : report.path("artifacts")) {
      JsonNode old =
          new ObjectMapper()
              .readTree(
                  fixture
                      .cliStdoutOnline("show", erased.path("oldArtifactId").asText(), "--json")
                      .out());
      assertThat(old.path("deletion").path("state").asText())
          .as(old.toString())
          .isEqualTo("DELETED");
      assertThat(old.path("deletion").toString()).contains("gdpr-erasure");
    }
    // ... and lists the replacements, verified on every target, each marking the one it replaces.
    E2eFixture.Run listed =
        fixture.cliStdoutOnline("list", GATEWAY, "--changes", "--checkpoints", "--json");
    assertThat(listed.exit()).as(listed.out()).isZero();
    Map<String, JsonNode> catalogued = new HashMap<>();
    new ObjectMapper()
        .readTree(listed.out())
        .path("backups")
        .forEach(b -> catalogued.put(b.path("artifactId").asText(), b));
    for (JsonNode erased : report.path("artifacts")) {
      JsonNode replacement = catalogued.get(erased.path("newArtifactId").asText());
      assertThat(replacement).as(listed.out()).isNotNull();
      assertThat(replacement.path("name").asText()).isEqualTo(erased.path("newName").asText());
      assertThat(replacement.path("sha256").asText()).isEqualTo(erased.path("newSha256").asText());
      assertThat(replacement.path("status").asText()).isEqualTo("SUCCESS");
      assertThat(replacement.path("checks")).hasSize(3).allMatch(c -> c.path("passed").asBoolean());
      assertThat(replacement.path("replicas")).hasSize(3);
      assertThat(replacement.path("deletion").path("state").asText()).isEqualTo("NONE");
      assertThat(replacement.path("tags").path("Supersedes").asText())
          .isEqualTo(erased.path("oldArtifactId").asText());
      JsonNode replaced = catalogued.get(erased.path("oldArtifactId").asText());
      assertThat(replaced.path("deletion").path("state").asText()).isEqualTo("DELETED");
      assertThat(replaced.path("supersededBy").asText())
          .isEqualTo(erased.path("newArtifactId").asText());
    }

    // A second run finds nothing and writes nothing.
    Map<String, String> before = storedObjects();
    E2eFixture.Run again =
        fixture.cliStdout("gdpr", "erase", "--subject", "alice", "--reason", "again", "--json");
    assertThat(again.exit()).as(again.out()).isZero();
    assertThat(new ObjectMapper().readTree(again.out()).path("artifacts")).isEmpty();
    assertThat(storedObjects()).isEqualTo(before);

    // The catalog from one target: three backups, the rewritten ones verified.
    E2eFixture.Run rebuilt = fixture.cliStdout("catalog", "rebuild", "--from", "offsite", "--json");
    assertThat(rebuilt.exit()).as(rebuilt.out()).isZero();
    JsonNode catalog = new ObjectMapper().readTree(rebuilt.out());
    List<JsonNode> snapshots = new ArrayList<>();
    catalog
        .path("backups")
        .forEach(
            b -> {
              if (b.path("name").asText().contains("-full")) {
                snapshots.add(b);
              }
            });
    assertThat(snapshots).hasSize(3);
    assertThat(catalog.path("backups")).allMatch(b -> b.path("status").asText().equals("SUCCESS"));

    // The rewritten release-1 backup restores: bob logs in, alice no longer exists.
    String releaseOne = newNameOf(report, "release 1");
    assertThat(report.path("artifacts").findValuesAsText("newName")).contains(releaseOne);
    // Point in time over the erased snapshots and change segments: release 2, without alice.
    E2eFixture.Run pointInTime =
        fixture.cliStdoutOnline("restore", GATEWAY, "--at", atRelease2.toString(), "--wait", "90");
    assertThat(pointInTime.exit()).as(pointInTime.out()).isZero();
    assertThat(fixture.answer("/hello", null, null)).isEqualTo("200 release 2");
    assertThat(fixture.answer("/admin/panel", "bob:open-sesame", null)).startsWith("200");
    assertThat(fixture.answer("/admin/panel", "alice:open-sesame", null)).startsWith("401");

    // The control plane knows the rewritten backup by its new name.
    E2eFixture.Run shown = fixture.cliStdoutOnline("show", releaseOne, "--json");
    assertThat(shown.exit()).as(shown.out()).isZero();
    assertThat(new ObjectMapper().readTree(shown.out()).path("status").asText())
        .isEqualTo("SUCCESS");
    E2eFixture.Run restore =
        fixture.cliStdoutOnline("restore", GATEWAY, "--backup", releaseOne, "--wait", "90");
    assertThat(restore.exit()).as(restore.out()).isZero();
    assertThat(fixture.answer("/hello", null, null)).isEqualTo("200 release 1");
    assertThat(fixture.answer("/admin/panel", "bob:open-sesame", null)).startsWith("200");
    assertThat(fixture.answer("/admin/panel", "alice:open-sesame", null)).startsWith("401");
  }

  /** The new name of the erased backup whose description is {@code description}. */
  private String newNameOf(JsonNode report, String description) {
    for (String target : List.of("local")) {
      FilesystemBackupStore store = store(target);
      for (StoredBackup backup : BackupCatalog.read(List.of(store)).backups()) {
        if (description.equals(backup.manifest().description())
            && backup.manifest().tags().containsKey(BackupCatalog.SUPERSEDES_TAG)) {
          return backup.manifest().name();
        }
      }
    }
    throw new AssertionError("no rewritten backup of " + description + " in " + report);
  }

  private void backUp(String description) throws Exception {
    int before = verifiedBackups();
    E2eFixture.Run backup =
        fixture.cliStdoutOnline("backup", GATEWAY, "--description", description);
    assertThat(backup.exit()).as(backup.out()).isZero();
    Instant deadline = Instant.now().plusSeconds(120);
    while (verifiedBackups() <= before) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "backup '"
                + description
                + "' was not verified in time; catalog: "
                + fixture.cliStdoutOnline("list", GATEWAY, "--json").out()
                + "; audit: "
                + fixture.cliStdoutOnline("audit", "--json").out());
      }
      Thread.sleep(500);
    }
  }

  private int verifiedBackups() throws Exception {
    E2eFixture.Run list = fixture.cliStdoutOnline("list", GATEWAY, "--json");
    if (list.exit() != 0 || !list.out().strip().startsWith("{")) {
      return 0; // the control plane is still starting
    }
    JsonNode backups = new ObjectMapper().readTree(list.out()).path("backups");
    int verified = 0;
    for (JsonNode b : backups) {
      if ("SUCCESS".equals(b.path("status").asText())) {
        verified++;
      }
    }
    return verified;
  }

  /** Every stored snapshot copy on every target, unsealed with the configured key. */
  private void awaitSegmentsWith(String text) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(60);
    // Three copies of the snapshot and three of the change segment.
    while (unsealedDocuments().stream().filter(d -> d.contains(text)).count()
        < 2L * TARGETS.size()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("no change segment holding '" + text + "' reached every target");
      }
      Thread.sleep(500);
    }
  }

  /** A checkpoint document (libs/core Checkpoint: canonical JSON, baseSnapshot first). */
  private static boolean isCheckpoint(String document) {
    return document.startsWith("{\"baseSnapshot\"");
  }

  /** Waits until a checkpoint holding {@code text} is on every target. */
  private void awaitCheckpointsWith(String text) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(90);
    while (unsealedDocuments().stream()
            .filter(GdprEraseIT::isCheckpoint)
            .filter(d -> d.contains(text))
            .count()
        < TARGETS.size()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("no checkpoint holding '" + text + "' reached every target");
      }
      Thread.sleep(500);
    }
  }

  private List<String> unsealedDocuments() {
    EnvelopeUnsealer unsealer =
        new EnvelopeUnsealer(
            new KeystoreLoader()
                .loadKeyring(
                    new KeystoreSettings(
                        dir.resolve("data/keys/keyring.p12"),
                        null,
                        dir.resolve("data/keys/keyring.pass"),
                        "gatevault-kek",
                        1)));
    List<String> documents = new ArrayList<>();
    for (String target : TARGETS) {
      FilesystemBackupStore store = store(target);
      BackupCatalog catalog = BackupCatalog.read(List.of(store));
      List<StoredBackup> all = new ArrayList<>(catalog.backups());
      all.addAll(catalog.superseded());
      for (StoredBackup backup : all) {
        ManifestDocument m = backup.manifest();
        byte[] sealed = store.get(m.artifactKey());
        assertThat(Sha256.hex(sealed)).isEqualTo(m.sha256());
        documents.add(
            new String(
                unsealer.unsealToBytes(
                    sealed,
                    WrappedKeyObjects.newestFirst(store, m),
                    new EncryptionContext(m.gatewayId(), m.environment(), m.artifactId())),
                StandardCharsets.UTF_8));
      }
    }
    return documents;
  }

  private Map<String, String> storedObjects() throws Exception {
    Map<String, String> objects = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir.resolve("data/targets"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        objects.put(file.toString(), Sha256.hex(Files.readAllBytes(file)));
      }
    }
    return objects;
  }

  private FilesystemBackupStore store(String target) {
    return new FilesystemBackupStore(
        new TargetDescription(target, StorageMedium.FILESYSTEM, "local", false, false),
        dir.resolve("data/targets").resolve(target));
  }

  private String caddyConfig(String release, List<String> users) {
    StringBuilder accounts = new StringBuilder();
    for (String user : users) {
      accounts.append(accounts.isEmpty() ? "" : ",");
      accounts.append("{\"username\":\"").append(user).append("\",\"password\":\"");
      accounts.append(HASH).append("\"}");
    }
    return ("{\"apps\":{\"http\":{\"servers\":{\"shop\":{\"listen\":[\"127.0.0.1:%d\"],"
            + "\"automatic_https\":{\"disable\":true},\"routes\":["
            + "{\"@id\":\"admin\",\"match\":[{\"path\":[\"/admin/*\"]}],\"handle\":["
            + "{\"handler\":\"authentication\",\"providers\":{\"http_basic\":{\"accounts\":[%s]}}},"
            + "{\"handler\":\"static_response\",\"body\":\"admin area\"}]},"
            + "{\"@id\":\"hello\",\"match\":[{\"path\":[\"/hello\"]}],\"handle\":["
            + "{\"handler\":\"static_response\",\"body\":\"release %s\"}]}]}}}}}")
        .formatted(sitePort, accounts, release);
  }
}

package io.gatevault.restore.application;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatevault.core.config.CanonicalJson;
import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.config.ContentHash;
import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.event.AuditRecord;
import io.gatevault.core.event.EventEnvelope;
import io.gatevault.core.event.RestoreRequested;
import io.gatevault.core.gateway.GatewayAdapter;
import io.gatevault.core.gateway.GatewayDescriptor;
import io.gatevault.gateways.GatewayAdapters;
import io.gatevault.stream.AuditTrail;
import io.gatevault.stream.Envelopes;
import io.gatevault.stream.EventPublisher;
import io.gatevault.stream.ProcessedEvents;
import io.gatevault.testsupport.CaddyProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The restore application service against a real Caddy, with backups held in memory (the storage
 * and keyring adapter has its own test). Basic auth password for alice: open-sesame (bcrypt cost 4
 * in the config below, so a login costs milliseconds).
 */
class RestoreCoordinatorIT {

  private static final String ALICE_HASH =
      "$2b$04$T1uSkbZhyZmn/nLziw0rzOfF6ZTMfHhdmeTwPJYjzdt3SeDHdJpbW";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static CaddyProcess caddy;
  private static int sitePort;
  private static GatewayAdapter gateway;
  private static ConfigSnapshot protectedConfig;

  private final InMemoryBackups backups = new InMemoryBackups();
  private final List<AuditRecord> audits = new ArrayList<>();
  private RestoreCoordinator coordinator;

  @BeforeAll
  static void startCaddy() {
    Assumptions.assumeTrue(
        CaddyProcess.isInstalled(), "caddy is not installed: apt-get install -y caddy");
    sitePort = CaddyProcess.freePort();
    caddy = CaddyProcess.start(siteConfig(true));
    gateway =
        GatewayAdapters.create(
            new GatewayDescriptor("caddy-prod", "caddy", caddy.adminUrl(), "prod", "shop", "ops"));
    protectedConfig = gateway.dump();
  }

  @AfterAll
  static void stopCaddy() {
    if (caddy != null) {
      caddy.close();
    }
  }

  @BeforeEach
  void openSiteWithoutAuthAndWireCoordinator() {
    gateway.apply(snapshotOf(siteConfig(false)));
    EventPublisher publisher =
        (topic, key, event) -> {
          if (event instanceof AuditRecord audit) {
            audits.add(audit);
          }
        };
    GatewayDirectory gateways =
        new GatewayDirectory() {
          @Override
          public Optional<GatewayAdapter> find(String gatewayId) {
            return gatewayId.equals("caddy-prod") ? Optional.of(gateway) : unknownOrDown(gatewayId);
          }

          @Override
          public Set<String> knownGatewayIds() {
            return Set.of("caddy-prod", "caddy-down");
          }
        };
    coordinator =
        new RestoreCoordinator(
            backups,
            gateways,
            new AuditTrail(publisher, new Envelopes("restore", Clock.systemUTC())),
            new ProcessedEvents(100),
            new SafetySnapshots(10),
            ChangeTail.none("this test restores named backups"));
  }

  @AfterEach
  void leaveCaddyRunning() {
    assertThat(caddy.isRunning()).as("caddy still runs").isTrue();
  }

  @Test
  void backupIsRestoredVerifiedByProbeAndServesBasicAuthAgain() throws Exception {
    backups.put("artifact-1", protectedConfig.toDocument());
    assertThat(status("/admin/x", null)).isEqualTo(200);

    RestoreReport report = coordinator.restore(request("artifact-1", false));

    assertThat(report.outcome()).isEqualTo(AuditOutcome.SUCCESS);
    assertThat(report.stepLabels())
        .containsExactly(
            "locate:SUCCESS",
            "integrity-check:SUCCESS",
            "safety-snapshot:SUCCESS",
            "diff:SUCCESS",
            "apply:SUCCESS",
            "probe:SUCCESS");
    assertThat(gateway.configHash()).isEqualTo(protectedConfig.configHash().hex());
    assertThat(status("/admin/x", null)).isEqualTo(401);
    assertThat(status("/admin/x", "alice:open-sesame")).isEqualTo(200);
    assertThat(report.diff().render()).contains("+ route/admin (path=/admin/*)");
    assertThat(audits)
        .filteredOn(audit -> audit.action().equals("restore.step"))
        .extracting(audit -> audit.detail().get("step"))
        .containsExactly("locate", "integrity-check", "safety-snapshot", "diff", "apply", "probe");
    AuditRecord completed = audits.get(audits.size() - 1);
    assertThat(completed.action()).isEqualTo("restore.completed");
    assertThat(completed.outcome()).isEqualTo(AuditOutcome.SUCCESS);
    assertThat(completed.detail())
        .containsEntry("commandId", report.commandId())
        .containsEntry("backupId", "artifact-1");
  }

  @Test
  void aBackupWithRedactedSecretsIsRefusedUntilEveryValueIsSuppliedAndThenServesBasicAuth()
      throws Exception {
    ConfigSnapshot redacted =
        GatewayAdapters.sensitiveDataRules("caddy").classifier().redactSecrets(protectedConfig);
    assertThat(redacted.redactedSecrets()).hasSize(1);
    String reference = redacted.redactedSecrets().get(0).reference();
    backups.put("artifact-r", redacted.toDocument());
    String before = gateway.configHash();

    RestoreReport dryRun = coordinator.restore(request("artifact-r", true));
    assertThat(dryRun.outcome()).isEqualTo(AuditOutcome.SUCCESS);
    assertThat(dryRun.stepLabels()).contains("secrets:SUCCESS");
    assertThat(dryRun.steps().get(2).message()).contains(reference).doesNotContain(ALICE_HASH);

    RestoreReport refused = coordinator.restore(request("artifact-r", false));
    assertThat(refused.outcome()).isEqualTo(AuditOutcome.FAILURE);
    assertThat(refused.stepLabels())
        .containsExactly("locate:SUCCESS", "integrity-check:SUCCESS", "secrets:FAILURE");
    assertThat(refused.message()).contains(reference, "--secrets-file");
    assertThat(gateway.configHash()).as("nothing was changed").isEqualTo(before);

    RestoreReport restored =
        coordinator.restore(request("artifact-r", false), Map.of(reference, ALICE_HASH));
    assertThat(restored.outcome()).isEqualTo(AuditOutcome.SUCCESS);
    assertThat(restored.stepLabels()).contains("secrets:SUCCESS", "apply:SUCCESS", "probe:SUCCESS");
    assertThat(gateway.configHash()).isEqualTo(protectedConfig.configHash().hex());
    assertThat(status("/admin/x", null)).isEqualTo(401);
    assertThat(status("/admin/x", "alice:open-sesame")).isEqualTo(200);
    assertThat(audits.toString()).doesNotContain(ALICE_HASH);
  }

  @Test
  void dryRunReportsTheDiffAndChangesNothing() {
    backups.put("artifact-1", protectedConfig.toDocument());
    String before = gateway.configHash();

    RestoreReport report = coordinator.restore(request("artifact-1", true));

    assertThat(report.outcome()).isEqualTo(AuditOutcome.SUCCESS);
    assertThat(report.stepLabels())
        .containsExactly(
            "locate:SUCCESS", "integrity-check:SUCCESS", "safety-snapshot:SUCCESS", "diff:SUCCESS");
    assertThat(report.message()).startsWith("dry run: ").contains("nothing was applied");
    assertThat(report.diff().added()).isNotEmpty();
    assertThat(gateway.configHash()).isEqualTo(before);
  }

  @Test
  void damagedBackupIsRefusedBeforeTheGatewayIsTouched() {
    backups.damaged(
        "artifact-2", "SHA-256 of snapshots/x.gvx on disk-a is 00ff, manifest says 11aa");
    String before = gateway.configHash();

    RestoreReport report = coordinator.restore(request("artifact-2", false));

    assertThat(report.outcome()).isEqualTo(AuditOutcome.FAILURE);
    assertThat(report.stepLabels()).containsExactly("locate:SUCCESS", "integrity-check:FAILURE");
    assertThat(report.steps().get(1).message()).startsWith("refused: ").contains("SHA-256");
    assertThat(gateway.configHash()).isEqualTo(before);
  }

  @Test
  void aCheckpointNamedAsTheBackupIsRefusedNamingTheMomentToRestoreInstead() throws Exception {
    String before = gateway.configHash();
    backups.put(
        "checkpoint-art",
        io.gatevault.core.pitr.Checkpoint.write(
            io.gatevault.core.pitr.ConfigState.fromSnapshot(
                protectedConfig, "change-feed", 42, java.time.Instant.now())));

    RestoreReport report = coordinator.restore(request("checkpoint-art", false));

    assertThat(report.outcome()).isEqualTo(AuditOutcome.FAILURE);
    assertThat(report.message()).contains("checkpoint-art is a checkpoint").contains("--seq 42");
    assertThat(gateway.configHash()).isEqualTo(before);
  }

  @Test
  void backupThatIsNotASnapshotDocumentIsRefusedAsDamaged() {
    backups.put("artifact-3", "{\"routes\":[]}".getBytes(StandardCharsets.UTF_8));

    RestoreReport report = coordinator.restore(request("artifact-3", false));

    assertThat(report.outcome()).isEqualTo(AuditOutcome.FAILURE);
    assertThat(report.steps().get(1).message())
        .contains("not a snapshot document")
        .contains("restore another backup");
  }

  @Test
  void configurationTheGatewayRefusesIsRolledBackAndReportedAsFailure() {
    ObjectNode config = (ObjectNode) protectedConfig.nativeConfigTree();
    ((ArrayNode) config.at("/apps/http/servers/site/routes"))
        .addObject()
        .putArray("handle")
        .addObject()
        .put("handler", "no_such_handler");
    backups.put("artifact-4", snapshotOf(config.toString()).toDocument());
    String before = gateway.configHash();

    RestoreReport report = coordinator.restore(request("artifact-4", false));

    assertThat(report.outcome()).isEqualTo(AuditOutcome.FAILURE);
    assertThat(report.stepLabels())
        .containsExactly(
            "locate:SUCCESS",
            "integrity-check:SUCCESS",
            "safety-snapshot:SUCCESS",
            "diff:SUCCESS",
            "apply:FAILURE",
            "rollback:SUCCESS");
    assertThat(report.steps().get(4).message()).contains("HTTP 400").contains("no_such_handler");
    assertThat(report.message()).contains("rolled back");
    assertThat(gateway.configHash()).isEqualTo(before);
  }

  @Test
  void gatewayNotRunningTheBackupAfterApplyIsRolledBack() {
    ConfigSnapshot lying =
        new ConfigSnapshot(
            "caddy-prod",
            "caddy",
            protectedConfig.entities(),
            protectedConfig.nativeConfig(),
            ContentHash.of(new byte[] {42}));
    backups.put("artifact-5", lying.toDocument());
    String before = gateway.configHash();

    RestoreReport report = coordinator.restore(request("artifact-5", false));

    assertThat(report.outcome()).isEqualTo(AuditOutcome.FAILURE);
    assertThat(report.stepLabels()).endsWith("apply:SUCCESS", "probe:FAILURE", "rollback:SUCCESS");
    assertThat(gateway.configHash()).isEqualTo(before);
  }

  @Test
  void unreachableTargetFailsAtTheSafetySnapshotWithNothingChanged() {
    backups.put("artifact-1", protectedConfig.toDocument());

    RestoreReport report = coordinator.restore(request("artifact-1", false, "caddy-down"));

    assertThat(report.outcome()).isEqualTo(AuditOutcome.FAILURE);
    assertThat(report.stepLabels()).endsWith("safety-snapshot:FAILURE");
    assertThat(report.message()).contains("nothing was changed").contains("could not be reached");
  }

  @Test
  void unknownTargetIsRefusedNamingTheSetting() {
    RestoreReport report = coordinator.restore(request("artifact-1", false, "nowhere"));

    assertThat(report.stepLabels()).containsExactly("locate:FAILURE");
    assertThat(report.message()).contains("gatevault.restore.gateways");
  }

  @Test
  void requestWithoutBackupIdRestoresTheNewestBackup() {
    backups.put("artifact-old", snapshotOf(siteConfig(false)).toDocument());
    backups.put("artifact-new", protectedConfig.toDocument());

    RestoreReport report = coordinator.restore(request(null, false));

    assertThat(report.backupId()).isEqualTo("artifact-new");
    assertThat(report.outcome()).isEqualTo(AuditOutcome.SUCCESS);
  }

  @Test
  void restoringTheConfigurationTheGatewayRunsChangesNothingAndSucceeds() {
    backups.put("artifact-same", gateway.dump().toDocument());

    RestoreReport report = coordinator.restore(request("artifact-same", false));

    assertThat(report.outcome()).isEqualTo(AuditOutcome.SUCCESS);
    assertThat(report.steps().get(4).message()).startsWith("nothing to apply");
  }

  private static Optional<GatewayAdapter> unknownOrDown(String gatewayId) {
    if (!gatewayId.equals("caddy-down")) {
      return Optional.empty();
    }
    return Optional.of(
        GatewayAdapters.create(
            new GatewayDescriptor(
                "caddy-down",
                "caddy",
                URI.create("http://127.0.0.1:" + CaddyProcess.freePort()),
                "prod",
                "shop",
                "ops"),
            Duration.ofSeconds(2)));
  }

  private static RestoreRequested request(String backupId, boolean dryRun) {
    return request(backupId, dryRun, null);
  }

  private static RestoreRequested request(String backupId, boolean dryRun, String target) {
    return new RestoreRequested(
        new EventEnvelope(
            UUID.randomUUID().toString(),
            EventEnvelope.CURRENT_SCHEMA_VERSION,
            "RestoreRequested",
            "test",
            null,
            null,
            Instant.now(),
            "caddy-prod"),
        UUID.randomUUID().toString(),
        "caddy-prod",
        "alice",
        Instant.now(),
        backupId,
        null,
        null,
        target,
        dryRun);
  }

  private static String siteConfig(boolean withAuth) {
    String admin =
        "{\"@id\":\"admin\",\"match\":[{\"path\":[\"/admin/*\"]}],\"handle\":["
            + "{\"handler\":\"authentication\",\"providers\":{\"http_basic\":{\"accounts\":"
            + "[{\"username\":\"alice\",\"password\":\""
            + ALICE_HASH
            + "\"}]}}},{\"handler\":\"static_response\",\"body\":\"admin area\"}]},";
    return "{\"apps\":{\"http\":{\"servers\":{\"site\":{\"listen\":[\"127.0.0.1:"
        + sitePort
        + "\"],\"automatic_https\":{\"disable\":true},\"routes\":["
        + (withAuth ? admin : "")
        + "{\"handle\":[{\"handler\":\"static_response\",\"body\":\"shop\"}]}]}}}}}";
  }

  private static ConfigSnapshot snapshotOf(String nativeConfig) {
    // Built the way the adapter would report it, via a throwaway dump-equivalent: the adapter's
    // own mapping is exercised by libs/gateways; here only the native document matters.
    com.fasterxml.jackson.databind.JsonNode config = CanonicalJson.parse(nativeConfig);
    return new ConfigSnapshot(
        "caddy-prod",
        "caddy",
        io.gatevault.gateways.caddy.CaddyConfigMapper.entities(config),
        CanonicalJson.toCanonicalString(config),
        io.gatevault.gateways.caddy.CaddyConfigMapper.configHash(config));
  }

  private int status(String path, String credentials) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sitePort + path))
            .timeout(Duration.ofSeconds(5));
    if (credentials != null) {
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** Backups held in memory, newest last; damaged ones refuse like storage does. */
  private static final class InMemoryBackups implements BackupSource {
    private final Map<String, byte[]> documents = new java.util.LinkedHashMap<>();
    private final Map<String, String> damage = new HashMap<>();

    void put(String id, byte[] document) {
      documents.put(id, document);
    }

    void damaged(String id, String reason) {
      damage.put(id, reason);
    }

    @Override
    public Optional<String> newestBackupOf(String gatewayId) {
      return documents.keySet().stream().reduce((first, second) -> second);
    }

    @Override
    public VerifiedBackup read(String backupId) {
      if (damage.containsKey(backupId)) {
        throw new BackupUnusableException(
            backupId,
            BackupUnusableException.Reason.DAMAGED,
            "backup " + backupId + " has no usable copy: " + damage.get(backupId),
            null);
      }
      byte[] document = documents.get(backupId);
      if (document == null) {
        throw new BackupUnusableException(
            backupId, BackupUnusableException.Reason.NOT_FOUND, "no backup " + backupId, null);
      }
      return new VerifiedBackup(backupId, "caddy-prod", document, "held in memory by the test");
    }

    /** These backups have no manifests: the point-in-time tests use a real storage target. */
    @Override
    public List<io.gatevault.core.storage.StoredBackup> storedOf(String gatewayId) {
      return List.of();
    }

    @Override
    public String describe() {
      return "backups held in memory by the test";
    }
  }
}

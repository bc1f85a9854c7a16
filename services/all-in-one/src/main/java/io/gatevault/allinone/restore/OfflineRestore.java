package io.gatevault.allinone.restore;

import io.gatevault.allinone.config.GatevaultConfig;
import io.gatevault.allinone.keys.KeyProviders;
import io.gatevault.core.event.AuditRecord;
import io.gatevault.core.event.RestoreRequested;
import io.gatevault.core.pitr.RestoreSelection;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.crypto.EnvelopeUnsealer;
import io.gatevault.restore.adapter.ConfiguredGatewayDirectory;
import io.gatevault.restore.application.CaptureHeartbeats;
import io.gatevault.restore.application.ChangeTail;
import io.gatevault.restore.application.RestoreCoordinator;
import io.gatevault.restore.application.RestoreProperties;
import io.gatevault.restore.application.RestoreReport;
import io.gatevault.restore.application.SafetySnapshots;
import io.gatevault.stream.AuditTrail;
import io.gatevault.stream.Envelopes;
import io.gatevault.stream.ProcessedEvents;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A restore run in this process from one storage target, with no Kafka, schema registry or control
 * plane: the disaster-recovery path when the event bus is lost. It is the restore service's own
 * {@link RestoreCoordinator} (integrity check, safety snapshot, diff, apply, probe, rollback) fed
 * by a {@link SingleTargetBackupSource} over that one target, the keyring of {@code gatevault.yml},
 * and the gateway adapters of its {@code gateways}. Audit records go to a local file ({@link
 * LocalAuditLog}) instead of the audit topic.
 */
public final class OfflineRestore {

  /** Actor name of the records this restore writes (the service's is {@code restore}). */
  public static final String ACTOR = "restore-offline";

  /** The local audit log, relative to the data directory. */
  public static final String AUDIT_FILE = "audit/offline-restores.jsonl";

  private final GatevaultConfig config;
  private final BackupStore target;

  public OfflineRestore(GatevaultConfig config, BackupStore target) {
    this.config = config;
    this.target = target;
  }

  /**
   * One restore of the configuration's gateways, reporting each audited step to {@code steps} as it
   * happens.
   *
   * @param gatewayId the gateway the backup is of
   * @param backup the backup's id or name
   * @param to the gateway to write to, or null for {@code gatewayId}
   */
  public RestoreReport run(
      String gatewayId,
      String backup,
      String to,
      boolean dryRun,
      String requestedBy,
      Consumer<AuditRecord> steps) {
    return run(gatewayId, backup, to, dryRun, requestedBy, Map.of(), steps);
  }

  /**
   * One restore as {@link #run(String, String, String, boolean, String, Consumer)}, with the secret
   * values a backup taken with {@code secrets: redact} needs (reference to value); they stay in
   * this process.
   */
  public RestoreReport run(
      String gatewayId,
      String backup,
      String to,
      boolean dryRun,
      String requestedBy,
      Map<String, String> secrets,
      Consumer<AuditRecord> steps) {
    return run(
        gatewayId,
        backup,
        null,
        null,
        to,
        dryRun,
        requestedBy,
        secrets,
        RestoreSelection.ALL,
        steps);
  }

  /**
   * Restores a backup, or the configuration at a point in time ({@code atTime} or {@code
   * atSequence}, with {@code backup} null): the newest verified snapshot on this target at or
   * before it plus the change-log segments on this target after its watermark. Kafka is not read: a
   * change not sealed into a segment on this target yet is not there, and a gap says so.
   *
   * @param selection the entities to restore; the target keeps the others as it runs them
   */
  public RestoreReport run(
      String gatewayId,
      String backup,
      Instant atTime,
      Long atSequence,
      String to,
      boolean dryRun,
      String requestedBy,
      Map<String, String> secrets,
      RestoreSelection selection,
      Consumer<AuditRecord> steps) {
    Clock clock = Clock.systemUTC();
    Envelopes envelopes = new Envelopes(ACTOR, clock);
    LocalAuditLog log = new LocalAuditLog(config.dataDir().resolve(AUDIT_FILE), steps);
    RestoreCoordinator coordinator =
        new RestoreCoordinator(
            new SingleTargetBackupSource(
                target, unsealer(), config.dataDir().resolve("restore-work")),
            new ConfiguredGatewayDirectory(gateways(), this::gatewayTls),
            new AuditTrail(log, envelopes),
            new ProcessedEvents(1),
            new SafetySnapshots(1),
            ChangeTail.none(
                "offline restore from storage target "
                    + target.describe().targetId()
                    + " alone: changes not sealed into a segment there are not read"),
            // Without Kafka only storage proves coverage: segments' CoveredUntil tags, snapshots.
            CaptureHeartbeats.none(
                "offline restore from storage target " + target.describe().targetId() + " alone"));
    String commandId = UUID.randomUUID().toString();
    RestoreRequested request =
        new RestoreRequested(
            envelopes.derived("RestoreRequested", null, gatewayId, commandId),
            commandId,
            gatewayId,
            requestedBy,
            clock.instant(),
            backup,
            atTime,
            atSequence,
            to,
            dryRun);
    return coordinator.restore(request, secrets, selection);
  }

  /**
   * The keyring of gatevault.yml as restore opens backups with it: the keystore or KMS key, and the
   * recovery private key when one is configured (the same factory the services use).
   */
  private EnvelopeUnsealer unsealer() {
    return new EnvelopeUnsealer(
        KeyProviders.forOpening(config.keyring(), config.tls().forConnection("keyring.kms.tls")));
  }

  /** A gateway's TLS as {@code gateways[i].tls} (or the {@code tls:} section) says. */
  private io.gatevault.tls.TlsSettings gatewayTls(String gatewayId) {
    for (int i = 0; i < config.gateways().size(); i++) {
      if (config.gateways().get(i).id().equals(gatewayId)) {
        return config.tls().forConnection("gateways[" + i + "].tls");
      }
    }
    return io.gatevault.tls.TlsSettings.jvmDefaults("tls");
  }

  /** The gateways of gatevault.yml, as the restore service receives them. */
  private RestoreProperties gateways() {
    List<RestoreProperties.Gateway> gateways =
        config.gateways().stream()
            .map(
                g ->
                    new RestoreProperties.Gateway(
                        g.id(),
                        g.type(),
                        URI.create(g.adminUrl()),
                        g.environment(),
                        g.application(),
                        g.owner()))
            .toList();
    return new RestoreProperties(gateways, Duration.ofSeconds(10), 1);
  }
}

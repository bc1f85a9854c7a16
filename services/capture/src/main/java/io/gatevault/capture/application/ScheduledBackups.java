package io.gatevault.capture.application;

import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.event.BackupType;
import io.gatevault.core.event.EventEnvelope;
import io.gatevault.core.event.SnapshotRequested;
import io.gatevault.core.id.DeterministicId;
import io.gatevault.stream.AuditTrail;
import io.gatevault.stream.Envelopes;
import io.gatevault.stream.EventPublisher;
import io.gatevault.stream.GatevaultTopics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks for scheduled backups: at each run of a gateway's {@link BackupSchedule} it publishes a
 * {@link SnapshotRequested} on {@value GatevaultTopics#COMMANDS}, as the control plane does for an
 * on-demand backup, so scheduled and on-demand backups take the same path.
 *
 * <p>The command id derives from gateway and run instant ({@link #commandFor}). Every capture
 * instance runs the schedules of the gateways it is configured with, so two instances publish the
 * same command twice, and capture takes the backup once (same event id, same snapshot id, same
 * version). Runs missed while no capture was running are not made up: the next run is the first one
 * after start.
 */
public class ScheduledBackups implements AutoCloseable {

  /** Who asks for scheduled backups, in commands and the audit trail. */
  public static final String REQUESTER = "schedule";

  private static final Logger log = LoggerFactory.getLogger(ScheduledBackups.class);

  private final Map<String, BackupSchedule> schedules;
  private final EventPublisher publisher;
  private final AuditTrail audit;
  private final Envelopes envelopes;
  private final Clock clock;
  private final ScheduledExecutorService timer;

  /**
   * @param schedules gateway id to its schedule, for the gateways that have one
   * @param timer runs the publications; closed by {@link #close}
   */
  public ScheduledBackups(
      Map<String, BackupSchedule> schedules,
      EventPublisher publisher,
      AuditTrail audit,
      Envelopes envelopes,
      ScheduledExecutorService timer) {
    this.schedules = Map.copyOf(schedules);
    this.publisher = publisher;
    this.audit = audit;
    this.envelopes = envelopes;
    this.clock = envelopes.clock();
    this.timer = timer;
  }

  /** Plans the first run of every schedule after now. */
  public void start() {
    Instant now = clock.instant();
    schedules.forEach((gatewayId, schedule) -> planAfter(gatewayId, schedule, now));
  }

  private void planAfter(String gatewayId, BackupSchedule schedule, Instant after) {
    Optional<BackupSchedule.Run> next = schedule.nextRunAfter(after);
    if (next.isEmpty()) {
      log.warn("Schedule {} of gateway {} never runs again", schedule, gatewayId);
      return;
    }
    BackupSchedule.Run run = next.get();
    long delayMillis = Math.max(0, Duration.between(clock.instant(), run.runAt()).toMillis());
    log.info(
        "Next scheduled backup of gateway {} at {}{} (schedule {})",
        gatewayId,
        run.runAt(),
        run.deferred() ? " (deferred from " + run.cronTime() + " into the off-peak window)" : "",
        schedule);
    timer.schedule(
        () -> runAndPlanNext(gatewayId, schedule, run), delayMillis, TimeUnit.MILLISECONDS);
  }

  private void runAndPlanNext(String gatewayId, BackupSchedule schedule, BackupSchedule.Run run) {
    try {
      request(gatewayId, run);
    } catch (RuntimeException e) {
      // The next run must still be planned; this one is lost, and says so.
      log.error(
          "Scheduled backup of gateway {} at {} could not be requested: {}",
          gatewayId,
          run.runAt(),
          e.getMessage(),
          e);
    } finally {
      planAfter(gatewayId, schedule, run.runAt());
    }
  }

  /** Publishes and audits the command of one scheduled run. */
  public SnapshotRequested request(String gatewayId, BackupSchedule.Run run) {
    SnapshotRequested command = commandFor(gatewayId, run.runAt());
    publisher.publish(GatevaultTopics.COMMANDS, gatewayId, command);
    Map<String, String> detail = new LinkedHashMap<>();
    detail.put("commandId", command.commandId());
    detail.put("backupType", command.backupType().name());
    detail.put("scheduledAt", run.runAt().toString());
    if (run.deferred()) {
      detail.put("deferredFrom", run.cronTime().toString());
    }
    audit.record(
        REQUESTER,
        "snapshot.request",
        gatewayId,
        AuditOutcome.SUCCESS,
        command.envelope(),
        gatewayId,
        detail);
    log.info("Requested scheduled backup {} of gateway {}", command.commandId(), gatewayId);
    return command;
  }

  /**
   * The command of the run of {@code gatewayId}'s schedule at {@code runAt}: the same gateway and
   * instant always give the same command and event id.
   */
  public SnapshotRequested commandFor(String gatewayId, Instant runAt) {
    String commandId =
        DeterministicId.COMMANDS.deriveString(REQUESTER, gatewayId, "snapshot", runAt.toString());
    EventEnvelope envelope =
        new EventEnvelope(
            DeterministicId.EVENTS.deriveString("Command", commandId),
            EventEnvelope.CURRENT_SCHEMA_VERSION,
            "Command",
            envelopes.serviceName(),
            null,
            null,
            runAt,
            gatewayId);
    return new SnapshotRequested(
        envelope,
        commandId,
        gatewayId,
        REQUESTER,
        runAt,
        BackupType.FULL,
        null,
        Map.of("Trigger", REQUESTER));
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}

package io.gatevault.capture.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatevault.core.event.AuditRecord;
import io.gatevault.core.event.BackupType;
import io.gatevault.core.event.GatevaultEvent;
import io.gatevault.core.event.SnapshotRequested;
import io.gatevault.stream.AuditTrail;
import io.gatevault.stream.Envelopes;
import io.gatevault.stream.EventPublisher;
import io.gatevault.stream.GatevaultTopics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class ScheduledBackupsTest {

  private static final Instant RUN = Instant.parse("2025-08-18T01:30:00Z");

  /** Keeps what was published, by topic, in order. */
  private static final class RecordingPublisher implements EventPublisher {
    final List<Map.Entry<String, GatevaultEvent>> published = new CopyOnWriteArrayList<>();

    @Override
    public void publish(String topic, String key, GatevaultEvent event) {
      published.add(Map.entry(topic, event));
    }

    List<SnapshotRequested> commands() {
      return published.stream()
          .filter(entry -> entry.getKey().equals(GatevaultTopics.COMMANDS))
          .map(entry -> (SnapshotRequested) entry.getValue())
          .toList();
    }
  }

  private final RecordingPublisher publisher = new RecordingPublisher();

  private ScheduledBackups backups(Clock clock, Map<String, BackupSchedule> schedules) {
    Envelopes envelopes = new Envelopes("capture", clock);
    return new ScheduledBackups(
        schedules,
        publisher,
        new AuditTrail(publisher, envelopes),
        envelopes,
        Executors.newSingleThreadScheduledExecutor());
  }

  @Test
  void theSameGatewayAndRunInstantGiveTheSameCommandInEveryInstance() {
    Clock now = Clock.fixed(RUN, ZoneOffset.UTC);
    SnapshotRequested first = backups(now, Map.of()).commandFor("caddy-prod", RUN);
    SnapshotRequested second =
        backups(Clock.offset(now, Duration.ofMinutes(3)), Map.of()).commandFor("caddy-prod", RUN);

    assertThat(second).isEqualTo(first);
    assertThat(first.requestedBy()).isEqualTo("schedule");
    assertThat(first.requestedAt()).isEqualTo(RUN);
    assertThat(first.backupType()).isEqualTo(BackupType.FULL);
    assertThat(first.tags()).containsEntry("Trigger", "schedule");
  }

  @Test
  void anotherRunOrGatewayGivesAnotherCommand() {
    ScheduledBackups backups = backups(Clock.fixed(RUN, ZoneOffset.UTC), Map.of());

    assertThat(backups.commandFor("caddy-prod", RUN).commandId())
        .isNotEqualTo(backups.commandFor("caddy-prod", RUN.plusSeconds(60)).commandId())
        .isNotEqualTo(backups.commandFor("caddy-test", RUN).commandId());
  }

  @Test
  void aDeferredRunIsPublishedAndAuditedWithWhereItWasDeferredFrom() {
    ScheduledBackups backups = backups(Clock.fixed(RUN, ZoneOffset.UTC), Map.of());
    Instant cronTime = RUN.minus(Duration.ofHours(14));

    SnapshotRequested command =
        backups.request("caddy-prod", new BackupSchedule.Run(cronTime, RUN));

    assertThat(publisher.commands()).containsExactly(command);
    AuditRecord audit =
        publisher.published.stream()
            .map(Map.Entry::getValue)
            .filter(AuditRecord.class::isInstance)
            .map(AuditRecord.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(audit.actor()).isEqualTo("schedule");
    assertThat(audit.action()).isEqualTo("snapshot.request");
    assertThat(audit.detail())
        .containsEntry("commandId", command.commandId())
        .containsEntry("scheduledAt", RUN.toString())
        .containsEntry("deferredFrom", cronTime.toString());
  }

  @Test
  void startedSchedulesPublishTheirRunsOnTheTimerOneAfterAnother() {
    // Every second; the clock says 50 ms before a full second, so the first run is due soon.
    Instant almost = Instant.parse("2025-08-18T10:00:00.950Z");
    BackupSchedule everySecond = BackupSchedule.parse("test", "* * * * * *", null, "UTC");
    try (ScheduledBackups backups =
        backups(Clock.fixed(almost, ZoneOffset.UTC), Map.of("caddy-prod", everySecond))) {
      backups.start();

      await().atMost(Duration.ofSeconds(10)).until(() -> publisher.commands().size() >= 2);
      assertThat(publisher.commands().subList(0, 2))
          .extracting(SnapshotRequested::requestedAt)
          .containsExactly(
              Instant.parse("2025-08-18T10:00:01Z"), Instant.parse("2025-08-18T10:00:02Z"));
    }
  }
}

package io.gatevault.restore.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.core.event.ChangeOperation;
import io.gatevault.core.pitr.LoggedChange;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plaintext of a sealed change segment as capture writes it (ChangeSegmentFormat). */
class ChangeSegmentDocumentTest {

  /** Two lines exactly as capture's ChangeSegmentFormat writes them (members sorted by name). */
  private static final String SEGMENT =
      "{\"actor\":null,\"after\":\"{\\\"body\\\":{\\\"a\\\":1},\\\"id\\\":\\\"r1\\\"}\","
          + "\"before\":null,\"capturedAt\":\"2026-11-26T10:00:01Z\",\"entityId\":\"r1\","
          + "\"entityType\":\"route\",\"eventId\":\"e1\",\"feed\":\"poll-diff\","
          + "\"naturalKey\":\"r1\",\"occurredAt\":\"2026-11-26T10:00:00Z\",\"op\":\"CREATE\","
          + "\"reference\":null,\"sequence\":7}\n"
          + "{\"actor\":null,\"after\":null,\"before\":\"{}\",\"capturedAt\":\"2026-11-26T10:05:01Z\","
          + "\"entityId\":\"r1\",\"entityType\":\"route\",\"eventId\":\"e2\",\"feed\":\"poll-diff\","
          + "\"naturalKey\":\"r1\",\"occurredAt\":\"2026-11-26T10:05:00Z\",\"op\":\"DELETE\","
          + "\"reference\":null,\"sequence\":8}\n";

  @Test
  void everyLineBecomesAChangeWithItsSequenceOperationAfterImageAndTime() {
    List<LoggedChange> changes =
        ChangeSegmentDocument.decode("7-8", SEGMENT.getBytes(StandardCharsets.UTF_8));

    assertThat(changes)
        .containsExactly(
            new LoggedChange(
                7,
                ChangeOperation.CREATE,
                "route",
                "r1",
                "{\"body\":{\"a\":1},\"id\":\"r1\"}",
                Instant.parse("2026-11-26T10:00:00Z")),
            new LoggedChange(
                8,
                ChangeOperation.DELETE,
                "route",
                "r1",
                null,
                Instant.parse("2026-11-26T10:05:00Z")));
  }

  @Test
  void aLineThatIsNotAChangeMakesTheSegmentUnusableNamingSegmentAndLine() {
    String broken = SEGMENT + "{\"sequence\":9,\"op\":\"UPDATE\"}\n";

    assertThatThrownBy(
            () -> ChangeSegmentDocument.decode("7-9", broken.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("change segment 7-9 line 3 is not a change-log entry")
        .hasMessageContaining("entityType");
  }

  @Test
  void aSequenceThatDoesNotIncreaseIsRefused() {
    String[] lines = SEGMENT.split("\n");
    String swapped = lines[1] + "\n" + lines[0] + "\n";

    assertThatThrownBy(
            () -> ChangeSegmentDocument.decode("7-8", swapped.getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("sequence 7 follows 8");
  }
}

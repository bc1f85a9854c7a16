package io.gatevault.encrypt.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.event.BackupType;
import io.gatevault.core.event.EventEnvelope;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What encrypt seals a snapshot document as, from its backup type and name. */
class ArtifactKindOfTest {

  private static final Instant AT = Instant.parse("2026-11-26T10:00:00Z");

  private static AssembledSnapshot assembled(BackupType type, String name) {
    byte[] document = "{}".getBytes();
    return new AssembledSnapshot(
        "snap-1",
        "caddy-1",
        type,
        document,
        ArtifactSealingServiceTest.sha256(document),
        12,
        Map.of(),
        AT,
        new EventEnvelope("evt-1", 1, "SnapshotChunk", "capture", null, null, AT, "caddy-1"),
        name,
        0,
        null,
        "prod");
  }

  @Test
  void anIncrementalNamedCheckpointWatermarkIsACheckpoint() {
    assertThat(ArtifactSealingService.kindOf(assembled(BackupType.INCREMENTAL, "checkpoint-12")))
        .isEqualTo(ArtifactKind.CHECKPOINT);
  }

  @Test
  void anIncrementalNamedByASequenceRangeIsAChangeSegment() {
    assertThat(ArtifactSealingService.kindOf(assembled(BackupType.INCREMENTAL, "1-12")))
        .isEqualTo(ArtifactKind.CHANGE_SEGMENT);
  }

  @Test
  void aFullBackupIsASnapshotWhateverItsName() {
    assertThat(ArtifactSealingService.kindOf(assembled(BackupType.FULL, "checkpoint-12")))
        .isEqualTo(ArtifactKind.SNAPSHOT);
    assertThat(ArtifactSealingService.kindOf(assembled(BackupType.INCREMENTAL, "checkpoint-x")))
        .isEqualTo(ArtifactKind.SNAPSHOT);
  }
}

package io.gatevault.core.pitr;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.core.config.ConfigEntity;
import io.gatevault.core.config.ConfigSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckpointDocumentTest {

  private static final ConfigSnapshot SNAPSHOT =
      new ConfigSnapshot(
          "caddy-prod",
          "caddy",
          List.of(new ConfigEntity("route", "r1", "/r1", List.of(), null, "{\"upstream\":\"a\"}")),
          "{\"routes\":[]}",
          null);

  @Test
  void aCheckpointIsToldApartFromASnapshotByItsFirstMember() {
    byte[] checkpoint =
        Checkpoint.write(
            ConfigState.fromSnapshot(
                SNAPSHOT, "change-feed", 7, Instant.parse("2026-11-26T10:00:00Z")));

    assertThat(Checkpoint.isCheckpointDocument(checkpoint)).isTrue();
    assertThat(Checkpoint.isCheckpointDocument(SNAPSHOT.toDocument())).isFalse();
    assertThat(Checkpoint.isCheckpointDocument("{}".getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(Checkpoint.isCheckpointDocument(null)).isFalse();
  }

  @Test
  void aCheckpointReadsBackAsTheStateItWasWrittenFrom() {
    ConfigState state =
        ConfigState.fromSnapshot(SNAPSHOT, "change-feed", 7, Instant.parse("2026-11-26T10:00:00Z"));

    ConfigState read = Checkpoint.read(Checkpoint.write(state));

    assertThat(read.watermark()).isEqualTo(7);
    assertThat(read.baseSnapshot()).isEqualTo("change-feed");
    assertThat(read.entities()).isEqualTo(SNAPSHOT.entities());
  }
}

package io.gatevault.capture.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.gatevault.core.config.ConfigEntity;
import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.config.SensitiveDataClassifier;
import io.gatevault.core.event.BackupType;
import io.gatevault.core.event.GatevaultEvent;
import io.gatevault.core.event.SnapshotChunk;
import io.gatevault.core.gateway.GatewayAdapter;
import io.gatevault.core.gateway.GatewayDescriptor;
import io.gatevault.core.pitr.Checkpoint;
import io.gatevault.core.pitr.ConfigState;
import io.gatevault.gateways.caddy.CaddyGatewayAdapter;
import io.gatevault.stream.Envelopes;
import io.gatevault.stream.EventPublisher;
import io.gatevault.stream.GatevaultTopics;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CheckpointWriterTest {

  private static final Instant AT = Instant.parse("2026-11-26T10:00:00Z");

  private final Map<String, ChangeFeedState> stored = new HashMap<>();
  private final List<SnapshotChunk> chunks = new ArrayList<>();
  private boolean publisherDown;

  private final ChangeFeedStore store =
      new ChangeFeedStore() {
        @Override
        public Optional<ChangeFeedState> find(String gatewayId) {
          return Optional.ofNullable(stored.get(gatewayId));
        }

        @Override
        public void record(ChangeFeedState state) {
          stored.put(state.gatewayId(), state);
        }
      };

  private final EventPublisher publisher =
      (String topic, String key, GatevaultEvent event) -> {
        if (publisherDown) {
          throw new IllegalStateException("broker unreachable");
        }
        assertThat(topic).isEqualTo(GatevaultTopics.SNAPSHOTS_RAW);
        chunks.add((SnapshotChunk) event);
      };

  private final GatewayDirectory gateways =
      new GatewayDirectory() {
        @Override
        public Optional<GatewayAdapter> find(String gatewayId) {
          return Optional.of(
              new CaddyGatewayAdapter(
                  new GatewayDescriptor(
                      gatewayId,
                      "caddy",
                      URI.create("http://127.0.0.1:1/"),
                      "prod",
                      "shop",
                      "platform"),
                  HttpClient.newHttpClient(),
                  Duration.ofSeconds(1)));
        }

        @Override
        public Optional<SensitiveDataClassifier> secretRedaction(String gatewayId) {
          return Optional.empty();
        }

        @Override
        public Set<String> knownGatewayIds() {
          return Set.of("caddy-prod");
        }
      };

  private CheckpointWriter writer(long every) {
    return new CheckpointWriter(
        store,
        every,
        gateways,
        publisher,
        new Envelopes("capture", Clock.fixed(AT.plusSeconds(5), ZoneOffset.UTC)),
        new SnapshotChunker(1024));
  }

  private static ChangeFeedState state(long sequence, int routes) {
    List<ConfigEntity> entities = new ArrayList<>();
    for (int i = 0; i < routes; i++) {
      entities.add(
          ConfigEntity.of(
              "route",
              "r" + i,
              "/r" + i,
              List.of(),
              Map.of(),
              JsonNodeFactory.instance.objectNode().put("path", "/r" + i).put("seq", sequence)));
    }
    ConfigSnapshot snapshot =
        ConfigSnapshot.of(
            "caddy-prod", "caddy", entities, JsonNodeFactory.instance.objectNode().put("apps", 1));
    return new ChangeFeedState(
        "caddy-prod",
        sequence,
        "hash-" + sequence,
        new String(snapshot.toDocument(), StandardCharsets.UTF_8),
        AT.plusSeconds(sequence));
  }

  @Test
  void aCheckpointIsWrittenWhenTheSequenceCrossesAMultipleOfEvery() {
    CheckpointWriter writer = writer(100);

    writer.record(state(60, 3));
    assertThat(chunks).isEmpty();
    writer.record(state(99, 3));
    assertThat(chunks).isEmpty();
    writer.record(state(130, 40));

    assertThat(stored.get("caddy-prod").lastSequence()).isEqualTo(130);
    assertThat(chunks).isNotEmpty();
    SnapshotChunk first = chunks.get(0);
    assertThat(first.name()).isEqualTo("checkpoint-130");
    assertThat(first.backupType()).isEqualTo(BackupType.INCREMENTAL);
    assertThat(first.watermarkSequence()).isEqualTo(130);
    assertThat(first.tags())
        .containsEntry("BackupType", "CHECKPOINT")
        .containsEntry("Watermark", "130")
        .containsEntry("WatermarkTime", AT.plusSeconds(130).toString())
        .containsEntry("Entities", "40")
        .containsEntry("Environment", "prod");
    assertThat(chunks).hasSize(first.chunkCount());
    assertThat(chunks).allMatch(c -> c.snapshotId().equals(first.snapshotId()));
    assertThat(first.snapshotId()).isEqualTo(CheckpointWriter.checkpointIdOf("caddy-prod", 130));

    writer.record(state(199, 40));
    assertThat(chunks).hasSize(first.chunkCount());
  }

  @Test
  void theCheckpointHoldsTheFeedStateAtItsSequence() throws Exception {
    writer(100).record(state(100, 40));

    ByteArrayOutputStream document = new ByteArrayOutputStream();
    for (SnapshotChunk chunk : chunks) {
      document.write(chunk.payload().toByteArray());
    }
    ConfigState read = Checkpoint.read(document.toByteArray());

    ConfigSnapshot expected = ConfigSnapshot.fromDocument(state(100, 40).document().getBytes());
    assertThat(read.watermark()).isEqualTo(100);
    assertThat(read.watermarkTime()).isEqualTo(AT.plusSeconds(100));
    assertThat(read.baseSnapshot()).isEqualTo(CheckpointWriter.FEED_BASE);
    assertThat(read.entities()).containsExactlyElementsOf(expected.entities());
  }

  @Test
  void aCheckpointThatCouldNotBePublishedIsWrittenWithTheNextRecordedState() {
    CheckpointWriter writer = writer(100);
    publisherDown = true;

    writer.record(state(101, 3));

    assertThat(stored.get("caddy-prod").lastSequence()).isEqualTo(101);
    assertThat(chunks).isEmpty();
    publisherDown = false;
    writer.record(state(105, 3));
    assertThat(chunks).extracting(SnapshotChunk::name).containsOnly("checkpoint-105");
  }

  @Test
  void aRestartedCaptureCountsFromTheStoredSequence() {
    stored.put("caddy-prod", state(180, 3));

    writer(100).record(state(190, 3));
    assertThat(chunks).isEmpty();
    writer(100).record(state(205, 3));
    assertThat(chunks).extracting(SnapshotChunk::name).containsOnly("checkpoint-205");
  }

  @Test
  void checkpointEveryIsANumberOrOff() {
    assertThat(new CheckpointProperties(null).every()).hasValue(100_000);
    assertThat(new CheckpointProperties("250").every()).hasValue(250);
    assertThat(new CheckpointProperties("off").every()).isEqualTo(OptionalLong.empty());
    assertThatThrownBy(() -> new CheckpointProperties("0"))
        .hasMessageContaining("checkpoint-every")
        .hasMessageContaining("at least 1");
    assertThatThrownBy(() -> new CheckpointProperties("often"))
        .hasMessageContaining("checkpoint-every is 'often'");
  }
}

package io.gatevault.core.pitr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.core.changes.ChangeDetector;
import io.gatevault.core.changes.DetectedChange;
import io.gatevault.core.changes.EntityImage;
import io.gatevault.core.config.ConfigEntity;
import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.event.ChangeOperation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigStateReplayTest {

  static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  static ConfigEntity entity(String type, String id, String body) {
    return new ConfigEntity(type, id, null, List.of(), null, body);
  }

  static ConfigSnapshot snapshot(List<ConfigEntity> entities) {
    return new ConfigSnapshot("gw", "http-json", entities, "{}", null);
  }

  static LoggedChange upsert(long seq, ConfigEntity entity, Instant at) {
    return new LoggedChange(
        seq, ChangeOperation.UPDATE, entity.type(), entity.id(), EntityImage.encode(entity), at);
  }

  static LoggedChange delete(long seq, String type, String id, Instant at) {
    return new LoggedChange(seq, ChangeOperation.DELETE, type, id, null, at);
  }

  /** Changes with sequences from {@code first}, one second apart from T0 + first seconds. */
  static List<LoggedChange> logged(long first, List<DetectedChange> detected) {
    List<LoggedChange> log = new ArrayList<>();
    long seq = first;
    for (DetectedChange change : detected) {
      log.add(
          new LoggedChange(
              seq,
              change.op(),
              change.entityType(),
              change.entityId(),
              change.afterImage(),
              T0.plusSeconds(seq)));
      seq++;
    }
    return log;
  }

  @Test
  void replayingTheDetectedChangesOntoTheOldSnapshotGivesTheNewConfigurationExactly() {
    ConfigSnapshot old =
        snapshot(
            List.of(
                entity("route", "a", "{\"v\":1}"),
                entity("route", "b", "{}"),
                entity("server", "s", "{}")));
    List<ConfigEntity> wanted =
        List.of(
            new ConfigEntity("route", "a", "host=x", List.of("t"), null, "{\"v\":2}"),
            entity("route", "c", "{}"),
            entity("server", "s", "{}"));
    List<LoggedChange> log = logged(11, ChangeDetector.detect(old.entities(), wanted));
    ConfigState state = ConfigState.fromSnapshot(old, "snap-1", 10, T0);

    ReplayResult result = state.replay(log.iterator(), new ReplayTarget.AtSequence(13));

    assertThat(state.entities()).isEqualTo(wanted);
    assertThat(result).isEqualTo(new ReplayResult(13, T0.plusSeconds(13), 3, true));
  }

  @Test
  void applyingTheSameImageTwiceOrDeletingAMissingEntityChangesNothing() {
    ConfigEntity a = entity("route", "a", "{}");
    ConfigState state = ConfigState.fromSnapshot(snapshot(List.of()), "s", 0, T0);

    state.apply(upsert(1, a, T0));
    state.apply(upsert(2, a, T0));
    state.apply(delete(3, "route", "gone", T0));

    assertThat(state.entities()).containsExactly(a);
    assertThat(state.watermark()).isEqualTo(3);
  }

  @Test
  void aTimeTargetStopsBeforeTheFirstChangeAfterIt() {
    ConfigState state = ConfigState.fromSnapshot(snapshot(List.of()), "s", 0, T0);
    List<LoggedChange> log =
        List.of(
            upsert(1, entity("route", "a", "{}"), T0.plusSeconds(1)),
            upsert(2, entity("route", "b", "{}"), T0.plusSeconds(2)),
            upsert(3, entity("route", "c", "{}"), T0.plusSeconds(3)));

    ReplayResult result = state.replay(log.iterator(), new ReplayTarget.AtTime(T0.plusSeconds(2)));

    assertThat(result.watermark()).isEqualTo(2);
    assertThat(result.targetReached()).isTrue();
    assertThat(state.entities()).extracting(ConfigEntity::id).containsExactly("a", "b");
  }

  @Test
  void aTimeTargetAfterTheLastChangeSaysTheLogRanOut() {
    ConfigState state = ConfigState.fromSnapshot(snapshot(List.of()), "s", 0, T0);

    ReplayResult result =
        state.replay(
            List.of(upsert(1, entity("route", "a", "{}"), T0)).iterator(),
            new ReplayTarget.AtTime(T0.plusSeconds(60)));

    assertThat(result.targetReached()).isFalse();
    assertThat(result.watermark()).isEqualTo(1);
  }

  @Test
  void aGapInSequencesIsReportedWithTheMissingRangeAndNothingIsSkipped() {
    ConfigState state = ConfigState.fromSnapshot(snapshot(List.of()), "s", 5, T0);
    List<LoggedChange> log =
        List.of(
            upsert(6, entity("route", "a", "{}"), T0), upsert(9, entity("route", "b", "{}"), T0));

    assertThatThrownBy(() -> state.replay(log.iterator(), new ReplayTarget.AtSequence(9)))
        .isInstanceOfSatisfying(
            ReplayException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(ReplayException.Problem.GAP);
              assertThat(e.sequence()).isEqualTo(9);
            })
        .hasMessageContaining("sequences 7..8 are missing");
    assertThat(state.watermark()).isEqualTo(6);
  }

  @Test
  void aChangeAtOrBelowTheWatermarkIsReportedAsStale() {
    ConfigState state = ConfigState.fromSnapshot(snapshot(List.of()), "s", 5, T0);

    assertThatThrownBy(() -> state.apply(upsert(5, entity("route", "a", "{}"), T0)))
        .isInstanceOfSatisfying(
            ReplayException.class,
            e -> assertThat(e.problem()).isEqualTo(ReplayException.Problem.STALE))
        .hasMessageContaining("watermark 5")
        .hasMessageContaining("Start replay at sequence 6");
  }

  @Test
  void anExactTargetBeyondTheEndOfTheLogIsIncomplete() {
    ConfigState state = ConfigState.fromSnapshot(snapshot(List.of()), "s", 0, T0);

    assertThatThrownBy(
            () ->
                state.replay(
                    List.of(upsert(1, entity("route", "a", "{}"), T0)).iterator(),
                    new ReplayTarget.AtSequence(4)))
        .isInstanceOfSatisfying(
            ReplayException.class,
            e -> assertThat(e.problem()).isEqualTo(ReplayException.Problem.INCOMPLETE))
        .hasMessageContaining("ends at sequence 1, before the target 4");
  }

  @Test
  void anAfterImageOfAnotherEntityIsReportedWithItsSequence() {
    ConfigState state = ConfigState.fromSnapshot(snapshot(List.of()), "s", 0, T0);
    state.apply(
        new LoggedChange(
            1,
            ChangeOperation.CREATE,
            "route",
            "a",
            EntityImage.encode(entity("route", "b", "{}")),
            T0));

    assertThatThrownBy(state::entities)
        .isInstanceOfSatisfying(
            ReplayException.class,
            e -> assertThat(e.problem()).isEqualTo(ReplayException.Problem.BAD_IMAGE))
        .hasMessageContaining("route/a")
        .hasMessageContaining("from change 1")
        .hasMessageContaining("the image is of route/b");
  }

  @Test
  void aCheckpointReadBackIsTheSameStateAndReplayGoesOnFromIt() {
    ConfigEntity a = new ConfigEntity("route", "a", "n", List.of("x"), null, "{\"k\":\"\\u0001\"}");
    ConfigState state = ConfigState.fromSnapshot(snapshot(List.of(a)), "snap \"1\"", 3, T0);
    state.apply(upsert(4, entity("route", "b", "{}"), T0.plusSeconds(4)));

    byte[] document = Checkpoint.write(state);
    ConfigState read = Checkpoint.read(document);
    read.apply(delete(5, "route", "a", T0.plusSeconds(5)));

    assertThat(Checkpoint.write(Checkpoint.read(document))).isEqualTo(document);
    assertThat(new String(document, java.nio.charset.StandardCharsets.UTF_8))
        .startsWith("{\"baseSnapshot\":\"snap \\\"1\\\"\",\"entities\":[{\"body\"")
        .endsWith(
            "\"formatVersion\":1,\"gatewayId\":\"gw\",\"gatewayType\":\"http-json\","
                + "\"watermark\":4,\"watermarkTime\":\"2026-11-26T10:00:04Z\"}");
    assertThat(read.baseSnapshot()).isEqualTo("snap \"1\"");
    assertThat(read.entities()).containsExactly(entity("route", "b", "{}"));
    assertThat(read.watermark()).isEqualTo(5);
  }

  @Test
  void aCheckpointOfAnotherFormatVersionIsRefused() {
    assertThatThrownBy(
            () ->
                Checkpoint.read(
                    "{\"formatVersion\":2,\"entities\":[]}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .hasMessageContaining("formatVersion is 2, expected 1");
  }

  @Test
  void aCheckpointWithAnEntityTwiceOrAMissingMemberIsRefusedNamingIt() {
    String image = EntityImage.encode(entity("route", "a", "{}"));
    String twice =
        "{\"baseSnapshot\":\"s\",\"entities\":["
            + image
            + ","
            + image
            + "],\"formatVersion\":1,\"gatewayId\":\"gw\",\"gatewayType\":\"t\","
            + "\"watermark\":1,\"watermarkTime\":\"2026-11-26T10:00:00Z\"}";
    String noGateway =
        "{\"baseSnapshot\":\"s\",\"entities\":[],\"formatVersion\":1,\"gatewayType\":\"t\","
            + "\"watermark\":1,\"watermarkTime\":\"2026-11-26T10:00:00Z\"}";

    assertThatThrownBy(
            () -> Checkpoint.read(twice.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .hasMessageContaining("entity route/a appears twice");
    assertThatThrownBy(
            () -> Checkpoint.read(noGateway.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .hasMessageContaining("gatewayId must be text");
  }
}

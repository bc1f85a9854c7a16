package io.gatevault.gateways.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.gateway.GatewayAccessException;
import io.gatevault.core.gateway.GatewayAdapter;
import io.gatevault.core.gateway.GatewayResponseRejectedException;
import io.gatevault.core.gateway.GatewayUnreachableException;
import io.gatevault.core.gateway.ProbeResult;
import io.gatevault.gateways.ReplayedChanges;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link GatewayAdapter} must do, run against a real gateway by each implementation's
 * subclass (one suite per port, every implementation).
 */
public abstract class GatewayAdapterContract {

  /** An adapter for a running gateway that holds some configuration. */
  protected abstract GatewayAdapter adapter();

  /** A valid configuration for that gateway that differs from what it runs now. */
  protected abstract ConfigSnapshot anotherValidConfiguration(ConfigSnapshot current);

  /** A configuration of the right type that the gateway refuses. */
  protected abstract ConfigSnapshot invalidConfiguration(ConfigSnapshot current);

  /** An adapter of the same type whose gateway is not running. */
  protected abstract GatewayAdapter unreachableAdapter();

  /**
   * Changes the running gateway through its own admin API, behind Gatevault's back, so that the
   * order of its entities differs from the dump's in a way traffic shows: an entity with an id the
   * dump never saw placed before others that match the same requests, and one entity moved.
   */
  protected abstract void reorderThroughTheGatewaysOwnApi();

  /** What requests answer on the running gateway: equal lists for equal behaviour. */
  protected abstract List<String> traffic();

  @Test
  void dumpThenApplyThenDumpGivesTheSameSnapshot() {
    ConfigSnapshot before = adapter().dump();

    adapter().apply(before);

    ConfigSnapshot after = adapter().dump();
    assertThat(after.toDocument()).isEqualTo(before.toDocument());
  }

  @Test
  void applyingAnOlderSnapshotPutsItsConfigurationBack() {
    ConfigSnapshot original = adapter().dump();
    ConfigSnapshot other = anotherValidConfiguration(original);
    try {
      adapter().apply(other);
      assertThat(adapter().configHash()).isEqualTo(other.configHash().hex());
      assertThat(adapter().configHash()).isNotEqualTo(original.configHash().hex());
    } finally {
      adapter().apply(original);
    }
    assertThat(adapter().dump()).isEqualTo(original);
  }

  @Test
  void configHashMatchesTheDumpAndTheProbe() {
    ConfigSnapshot snapshot = adapter().dump();

    ProbeResult probe = adapter().probe();

    assertThat(adapter().configHash()).isEqualTo(snapshot.configHash().hex());
    assertThat(probe.reachable()).isTrue();
    assertThat(probe.configHash()).isEqualTo(snapshot.configHash().hex());
  }

  @Test
  void invalidConfigurationIsRefusedAsPermanentAndTheGatewayKeepsItsConfiguration() {
    ConfigSnapshot before = adapter().dump();

    assertThatThrownBy(() -> adapter().apply(invalidConfiguration(before)))
        .isInstanceOf(GatewayResponseRejectedException.class)
        .satisfies(e -> assertThat(((GatewayAccessException) e).isRetriable()).isFalse())
        .hasMessageContaining(adapter().gateway().id())
        .hasMessageContaining("HTTP 4");

    assertThat(adapter().dump()).isEqualTo(before);
  }

  @Test
  void snapshotOfAnotherGatewayTypeIsRefusedBeforeAnythingIsSent() {
    ConfigSnapshot before = adapter().dump();
    ConfigSnapshot foreign =
        new ConfigSnapshot(
            "elsewhere", "some-other-type", before.entities(), before.nativeConfig(), null);

    assertThatThrownBy(() -> adapter().apply(foreign))
        .isInstanceOf(GatewayResponseRejectedException.class)
        .hasMessageContaining("some-other-type")
        .hasMessageContaining(adapter().gateway().id());
    assertThat(adapter().dump()).isEqualTo(before);
  }

  @Test
  void unreachableGatewayIsATransientFailure() {
    GatewayAdapter unreachable = unreachableAdapter();

    assertThatThrownBy(unreachable::dump)
        .isInstanceOf(GatewayUnreachableException.class)
        .satisfies(e -> assertThat(((GatewayAccessException) e).isRetriable()).isTrue())
        .hasMessageContaining(unreachable.gateway().id())
        .hasMessageContaining(unreachable.gateway().adminUrl().getHost());
    assertThatThrownBy(() -> unreachable.apply(adapter().dump()))
        .isInstanceOf(GatewayUnreachableException.class);
    assertThat(unreachable.probe().reachable()).isFalse();
  }

  @Test
  void composingTheEntitiesOfTheDumpReproducesItsDocumentByteForByte() {
    ConfigSnapshot dumped = adapter().dump();

    ConfigSnapshot composed = adapter().compose(dumped, dumped.entities());

    assertThat(composed.nativeConfig()).isEqualTo(dumped.nativeConfig());
    assertThat(composed.configHash()).isEqualTo(dumped.configHash());
    assertThat(composed.toDocument()).isEqualTo(dumped.toDocument());
  }

  @Test
  void composingAnotherConfigurationsEntitiesOnTheDumpGivesADocumentTheGatewayRuns() {
    ConfigSnapshot original = adapter().dump();
    ConfigSnapshot other = anotherValidConfiguration(original);
    ConfigSnapshot composed = adapter().compose(original, other.entities());
    assertThat(composed.nativeConfig())
        .as("changed, added and removed entities show in the composed document")
        .isEqualTo(other.nativeConfig());
    try {
      adapter().apply(composed);

      ConfigSnapshot running = adapter().dump();
      assertThat(running.entities()).isEqualTo(other.entities());
      assertThat(adapter().configHash()).isEqualTo(composed.configHash().hex());
    } finally {
      adapter().apply(original);
    }
  }

  @Test
  void replayingTheDetectedChangesOntoTheDumpThenComposingGivesTheOtherConfigurationsDocument() {
    ConfigSnapshot original = adapter().dump();
    ConfigSnapshot other = anotherValidConfiguration(original);
    java.time.Instant at = java.time.Instant.parse("2026-11-26T12:00:00Z");
    io.gatevault.core.pitr.ConfigState state =
        io.gatevault.core.pitr.ConfigState.fromSnapshot(original, "dump", 0, at);
    long sequence = 1;
    for (io.gatevault.core.changes.DetectedChange change :
        io.gatevault.core.changes.ChangeDetector.detect(original, other)) {
      state.apply(
          new io.gatevault.core.pitr.LoggedChange(
              sequence++,
              change.op(),
              change.entityType(),
              change.entityId(),
              change.afterImage(),
              at));
    }

    ConfigSnapshot composed = adapter().compose(original, state.entities());

    assertThat(state.watermark()).isPositive();
    assertThat(composed.nativeConfig()).isEqualTo(other.nativeConfig());
    assertThat(composed.configHash()).isEqualTo(adapter().configHashOf(other.nativeConfigTree()));
  }

  @Test
  void entitiesInsertedAndMovedThroughTheGatewaysOwnApiComeBackInPlaceFromReplayedChanges() {
    ConfigSnapshot base = adapter().dump();
    List<String> before = traffic();
    reorderThroughTheGatewaysOwnApi();
    ConfigSnapshot moment = adapter().dump();
    List<String> atTheMoment = traffic();
    assertThat(atTheMoment).as("the new order shows in traffic").isNotEqualTo(before);

    ConfigSnapshot composed = adapter().compose(base, ReplayedChanges.onto(base, moment));

    assertThat(composed.nativeConfig()).isEqualTo(moment.nativeConfig());
    adapter().apply(base);
    assertThat(traffic()).isEqualTo(before);
    adapter().apply(composed);
    assertThat(adapter().dump().nativeConfig()).isEqualTo(moment.nativeConfig());
    assertThat(traffic()).as("traffic after restoring the moment").isEqualTo(atTheMoment);
  }
}

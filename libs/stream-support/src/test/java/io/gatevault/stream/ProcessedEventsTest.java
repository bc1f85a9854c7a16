package io.gatevault.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ProcessedEventsTest {

  @Test
  void redeliveredEventHasNoSecondEffect() {
    ProcessedEvents ledger = new ProcessedEvents(10);
    AtomicInteger effects = new AtomicInteger();

    assertThat(ledger.handleOnce("e1", effects::incrementAndGet)).isTrue();
    assertThat(ledger.handleOnce("e1", effects::incrementAndGet)).isFalse();
    assertThat(effects).hasValue(1);
  }

  @Test
  void failedEffectIsNotRecordedSoTheRetryRunsIt() {
    ProcessedEvents ledger = new ProcessedEvents(10);

    assertThatThrownBy(
            () ->
                ledger.handleOnce(
                    "e1",
                    () -> {
                      throw new IllegalStateException("broker down");
                    }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(ledger.alreadyHandled("e1")).isFalse();
  }

  @Test
  void leastRecentlyUsedIdIsForgottenBeyondCapacity() {
    ProcessedEvents ledger = new ProcessedEvents(2);
    ledger.handleOnce("a", () -> {});
    ledger.handleOnce("b", () -> {});
    ledger.alreadyHandled("a");
    ledger.handleOnce("c", () -> {});

    assertThat(ledger.alreadyHandled("a")).isTrue();
    assertThat(ledger.alreadyHandled("b")).isFalse();
    assertThat(ledger.size()).isEqualTo(2);
  }

  @Test
  void capacityBelowOneIsRefusedNamingTheSetting() {
    assertThatThrownBy(() -> new ProcessedEvents(0))
        .hasMessageContaining("gatevault.stream.processed-events-capacity");
  }
}

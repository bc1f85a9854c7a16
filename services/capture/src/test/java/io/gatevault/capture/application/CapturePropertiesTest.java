package io.gatevault.capture.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapturePropertiesTest {

  private static CaptureProperties.Gateway gateway(
      String id, String schedule, String window, String zone) {
    return new CaptureProperties.Gateway(
        id,
        "http-json",
        URI.create("http://127.0.0.1:2019/config/"),
        "prod",
        "shop",
        "platform",
        schedule,
        window,
        zone,
        null);
  }

  private static CaptureProperties properties(CaptureProperties.Gateway... gateways) {
    return new CaptureProperties(List.of(gateways), Duration.ofSeconds(10), Duration.ofSeconds(30));
  }

  @Test
  void aWrongScheduleFailsAtStartNamingTheGatewaysSetting() {
    assertThatThrownBy(
            () ->
                properties(
                    gateway("a", "0 30 2 * * *", null, null), gateway("b", "nightly", null, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("gatevault.capture.gateways[1].schedule 'nightly'");
  }

  @Test
  void anOffPeakWindowWithoutAScheduleIsRefused() {
    assertThatThrownBy(() -> properties(gateway("a", null, "01:00-05:00", null)))
        .hasMessageContaining("gatevault.capture.gateways[0].off-peak-window is set but");
  }

  @Test
  void onlyGatewaysWithAScheduleAreScheduled() {
    CaptureProperties properties =
        properties(
            gateway("on-demand", "", null, "UTC"),
            gateway("nightly", "0 30 2 * * *", "01:00-05:00", "Europe/Amsterdam"));

    assertThat(properties.schedules()).containsOnlyKeys("nightly");
    assertThat(properties.schedules().get("nightly").window()).hasToString("01:00-05:00");
  }
}

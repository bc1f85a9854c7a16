package io.gatevault.capture.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.core.event.BackupType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SnapshotNamingTest {

  @Test
  void nameIsGatewayUtcMinuteAndTypeInLowerCase() {
    assertThat(
            SnapshotNaming.nameOf(
                "caddy-prod", Instant.parse("2025-08-18T14:30:59.999Z"), BackupType.FULL))
        .isEqualTo("caddy-prod-20250818-1430-full.json");
    assertThat(
            SnapshotNaming.nameOf(
                "kong.eu_1", Instant.parse("2025-01-02T03:04:05Z"), BackupType.INCREMENTAL))
        .isEqualTo("kong.eu_1-20250102-0304-incremental.json");
  }

  @Test
  void theTimeIsUtcWhateverTheJvmZone() {
    // 00:30 in Berlin on 19 August is still 18 August in UTC.
    assertThat(SnapshotNaming.nameOf("gw", Instant.parse("2025-08-18T22:30:00Z"), BackupType.FULL))
        .isEqualTo("gw-20250818-2230-full.json");
  }

  @Test
  void versionGoesBeforeTheExtension() {
    assertThat(SnapshotNaming.withVersion("caddy-prod-20250818-1430-full.json", 8))
        .isEqualTo("caddy-prod-20250818-1430-full-v8.json");
  }
}

package io.gatevault.capture.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ChangeSegmentFormatTest {

  @Test
  void aSegmentIsOneJsonLinePerChangeInSequenceOrder() {
    byte[] document =
        ChangeSegmentFormat.encode(
            List.of(ChangeSegmenterTest.change("gw", 7), ChangeSegmenterTest.change("gw", 8)));

    String[] lines = new String(document, StandardCharsets.UTF_8).split("\n", -1);
    assertThat(lines).hasSize(3);
    assertThat(lines[2]).isEmpty();
    JsonNode first = JsonMapper.builder().build().readTree(lines[0]);
    assertThat(first.get("sequence").asLong()).isEqualTo(7);
    assertThat(first.get("op").asString()).isEqualTo("UPDATE");
    assertThat(first.get("entityType").asString()).isEqualTo("route");
    assertThat(first.get("before").asString()).isEqualTo("{\"before\":7}");
    assertThat(first.get("after").asString()).isEqualTo("{\"after\":7}");
    assertThat(first.get("feed").asString()).isEqualTo("caddy-admin-poll");
    assertThat(first.get("actor").isNull()).isTrue();
    assertThat(first.get("occurredAt").asString()).isEqualTo("2026-11-26T12:00:07Z");
    assertThat(lines[0]).startsWith("{\"actor\":null,\"after\":");
  }

  @Test
  void changesOutOfSequenceOrderAreRefused() {
    assertThatThrownBy(
            () ->
                ChangeSegmentFormat.encode(
                    List.of(
                        ChangeSegmenterTest.change("gw", 8), ChangeSegmenterTest.change("gw", 7))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("7 follows 8");
  }
}

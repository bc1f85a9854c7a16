package io.gatevault.allinone.pipeline;

import static io.gatevault.allinone.pipeline.PipelineEvents.WAIT;
import static io.gatevault.allinone.pipeline.PipelineEvents.action;
import static io.gatevault.allinone.pipeline.PipelineEvents.audits;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.core.event.AuditRecord;
import io.gatevault.core.event.SnapshotChunk;
import io.gatevault.core.event.SnapshotRequested;
import io.gatevault.stream.GatevaultTopics;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** At-least-once delivery with idempotent consumers: the same record twice has one effect. */
class RedeliveredRecordIsHandledOnceIT {

  private static final Duration AFTER_MARKER = Duration.ofSeconds(3);

  private final PipelineServices services = PipelineServices.get();

  @Test
  void sameSnapshotCommandTwiceIsCapturedOnce() {
    SnapshotRequested request = PipelineEvents.snapshotRequest(PipelineServices.GATEWAY_ID);
    SnapshotRequested marker = PipelineEvents.snapshotRequest(PipelineServices.GATEWAY_ID);
    services.probe.publish(GatevaultTopics.COMMANDS, request.gatewayId(), request);
    services.probe.publish(GatevaultTopics.COMMANDS, request.gatewayId(), request);
    // Same key, same partition: once the marker is captured, both copies were handled.
    services.probe.publish(GatevaultTopics.COMMANDS, marker.gatewayId(), marker);

    assertThat(
            audits(
                services.probe,
                action("snapshot.capture", "commandId", marker.commandId()),
                1,
                WAIT))
        .hasSize(1);
    List<AuditRecord> captures =
        audits(
            services.probe,
            action("snapshot.capture", "commandId", request.commandId()),
            2,
            AFTER_MARKER);
    assertThat(captures).hasSize(1);
    int chunks = Integer.parseInt(captures.get(0).detail().get("chunks"));
    assertThat(
            services.probe.awaitEvents(
                GatevaultTopics.SNAPSHOTS_RAW,
                SnapshotChunk.class,
                chunk -> request.envelope().eventId().equals(chunk.envelope().causationId()),
                chunks + 1,
                AFTER_MARKER))
        .as("every chunk published once")
        .hasSize(chunks);
  }

  @Test
  void sameSnapshotChunkTwiceIsAssembledOnce() {
    String gatewayId = "redelivery-gw-" + UUID.randomUUID();
    SnapshotChunk chunk = UndecodableRecordGoesToDeadLetterIT.singleChunk(gatewayId);
    SnapshotChunk marker = UndecodableRecordGoesToDeadLetterIT.singleChunk(gatewayId);
    services.probe.publish(GatevaultTopics.SNAPSHOTS_RAW, gatewayId, chunk);
    services.probe.publish(GatevaultTopics.SNAPSHOTS_RAW, gatewayId, chunk);
    services.probe.publish(GatevaultTopics.SNAPSHOTS_RAW, gatewayId, marker);

    assertThat(
            audits(
                services.probe,
                action("snapshot.assembled", "snapshotId", marker.snapshotId()),
                1,
                WAIT))
        .hasSize(1);
    assertThat(
            audits(
                services.probe,
                action("snapshot.assembled", "snapshotId", chunk.snapshotId()),
                2,
                AFTER_MARKER))
        .hasSize(1);
  }
}

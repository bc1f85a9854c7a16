package io.gatevault.allinone.pipeline;

import static io.gatevault.allinone.pipeline.PipelineEvents.WAIT;
import static io.gatevault.allinone.pipeline.PipelineEvents.action;
import static io.gatevault.allinone.pipeline.PipelineEvents.audits;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.event.AuditRecord;
import io.gatevault.core.event.SnapshotRequested;
import io.gatevault.stream.GatevaultTopics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** A snapshot request travels from capture to encrypt over the real broker and registry. */
class EventFlowsFromCaptureToEncryptIT {

  private final PipelineServices services = PipelineServices.get();

  @Test
  void snapshotCapturedFromAGatewayIsAssembledByEncryptWithTheSameSha256() {
    SnapshotRequested request = PipelineEvents.snapshotRequest(PipelineServices.GATEWAY_ID);
    services.probe.publish(GatevaultTopics.COMMANDS, request.gatewayId(), request);

    AuditRecord captured =
        audits(
                services.probe,
                action("snapshot.capture", "commandId", request.commandId()),
                1,
                WAIT)
            .get(0);
    assertThat(captured.outcome()).isEqualTo(AuditOutcome.SUCCESS);
    // The 2 MB configuration travels as the canonical snapshot document, in several chunks.
    long documentSize = Long.parseLong(captured.detail().get("sizeBytes"));
    assertThat(documentSize).isGreaterThan(PipelineServices.GATEWAY_CONFIG.length);
    assertThat(captured.detail())
        .containsEntry("chunks", Long.toString((documentSize + 921_599) / 921_600));
    assertThat(Integer.parseInt(captured.detail().get("chunks"))).isGreaterThan(1);
    String snapshotId = captured.detail().get("snapshotId");

    List<AuditRecord> assembled =
        audits(services.probe, action("snapshot.assembled", "snapshotId", snapshotId), 1, WAIT);
    assertThat(assembled).hasSize(1);
    assertThat(assembled.get(0).outcome()).isEqualTo(AuditOutcome.SUCCESS);
    assertThat(assembled.get(0).actor()).isEqualTo("encrypt");
    assertThat(assembled.get(0).detail())
        .containsEntry("sha256", captured.detail().get("sha256"))
        .containsEntry("sizeBytes", captured.detail().get("sizeBytes"));
  }

  @Test
  void snapshotChunksOnTheRawTopicAreInConfluentWireFormatWithTheSnapshotChunkSchema()
      throws Exception {
    SnapshotRequested request = PipelineEvents.snapshotRequest(PipelineServices.GATEWAY_ID);
    services.probe.publish(GatevaultTopics.COMMANDS, request.gatewayId(), request);
    audits(services.probe, action("snapshot.capture", "commandId", request.commandId()), 1, WAIT);

    List<ConsumerRecord<String, byte[]>> raw =
        services.probe.awaitRaw(
            GatevaultTopics.SNAPSHOTS_RAW,
            record -> PipelineServices.GATEWAY_ID.equals(record.key()),
            1,
            WAIT);
    assertThat(raw).isNotEmpty();
    byte[] value = raw.get(0).value();
    assertThat(value[0]).as("Confluent magic byte").isZero();
    int schemaId = ByteBuffer.wrap(value, 1, 4).getInt();
    HttpResponse<String> schema =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(services.registryUrl + "/schemas/ids/" + schemaId))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(schema.statusCode()).isEqualTo(200);
    assertThat(schema.body()).contains("SnapshotChunk").contains("io.gatevault.schemas.avro");
  }
}

package io.gatevault.allinone.pipeline;

import static io.gatevault.allinone.pipeline.PipelineEvents.WAIT;
import static io.gatevault.allinone.pipeline.PipelineEvents.action;
import static io.gatevault.allinone.pipeline.PipelineEvents.audits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.event.BackupType;
import io.gatevault.core.event.BinaryContent;
import io.gatevault.core.event.SnapshotChunk;
import io.gatevault.stream.DeadLetterMetrics;
import io.gatevault.stream.DeadLetterReason;
import io.gatevault.stream.DeadLetterTopics;
import io.gatevault.stream.GatevaultTopics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/** Bytes encrypt cannot read go to its dead-letter topic and do not block what follows. */
class UndecodableRecordGoesToDeadLetterIT {

  private final PipelineServices services = PipelineServices.get();

  @Test
  void garbageLandsInTheDeadLetterTopicWithReasonAndTheValidRecordBehindItIsProcessed() {
    String gatewayId = "dlt-gw-" + UUID.randomUUID();
    byte[] garbage = "definitely not avro".getBytes(StandardCharsets.UTF_8);
    DeadLetterMetrics metrics = services.encrypt.getBean(DeadLetterMetrics.class);
    double before =
        metrics.count(GatevaultTopics.SNAPSHOTS_RAW, "encrypt", DeadLetterReason.UNDECODABLE);

    RecordMetadata bad =
        services.probe.publishRaw(GatevaultTopics.SNAPSHOTS_RAW, gatewayId, garbage);
    SnapshotChunk valid = singleChunk(gatewayId);
    RecordMetadata good = services.probe.publish(GatevaultTopics.SNAPSHOTS_RAW, gatewayId, valid);
    assertThat(good.partition()).as("same key, same partition").isEqualTo(bad.partition());

    assertThat(
            audits(
                services.probe,
                action("snapshot.assembled", "snapshotId", valid.snapshotId()),
                1,
                WAIT))
        .singleElement()
        .satisfies(audit -> assertThat(audit.outcome()).isEqualTo(AuditOutcome.SUCCESS));

    List<ConsumerRecord<String, byte[]>> deadLetters =
        services.probe.awaitRaw(
            DeadLetterTopics.nameFor(GatevaultTopics.SNAPSHOTS_RAW, "encrypt"),
            record -> gatewayId.equals(record.key()),
            1,
            WAIT);
    assertThat(deadLetters).hasSize(1);
    ConsumerRecord<String, byte[]> deadLetter = deadLetters.get(0);
    assertThat(deadLetter.value()).isEqualTo(garbage);
    assertThat(header(deadLetter, DeadLetterReason.HEADER)).isEqualTo("undecodable");
    assertThat(header(deadLetter, "x-original-topic")).isEqualTo(GatevaultTopics.SNAPSHOTS_RAW);
    assertThat(
            ByteBuffer.wrap(deadLetter.headers().lastHeader("x-original-offset").value()).getLong())
        .isEqualTo(bad.offset());
    assertThat(
            ByteBuffer.wrap(deadLetter.headers().lastHeader("x-original-partition").value())
                .getInt())
        .isEqualTo(bad.partition());
    assertThat(header(deadLetter, "x-exception-message")).isNotBlank();
    assertThat(header(deadLetter, "x-exception-fqcn")).isNotBlank();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        metrics.count(
                            GatevaultTopics.SNAPSHOTS_RAW, "encrypt", DeadLetterReason.UNDECODABLE))
                    .isEqualTo(before + 1));
  }

  @Test
  void chunkContradictingItsSnapshotIsDeadLetteredAtOnceAsPermanentFailure() {
    String gatewayId = "contradiction-gw-" + UUID.randomUUID();
    SnapshotChunk first = singleChunk(gatewayId);
    SnapshotChunk pending =
        new SnapshotChunk(
            PipelineEvents.envelope("SnapshotChunk", gatewayId),
            first.snapshotId(),
            gatewayId,
            BackupType.FULL,
            0,
            2,
            first.payload(),
            first.totalSize() + 10,
            first.sha256(),
            0,
            Map.of(),
            Instant.now());
    SnapshotChunk contradicting =
        new SnapshotChunk(
            PipelineEvents.envelope("SnapshotChunk", gatewayId),
            first.snapshotId(),
            gatewayId,
            BackupType.FULL,
            1,
            3,
            first.payload(),
            first.totalSize() + 10,
            first.sha256(),
            0,
            Map.of(),
            Instant.now());
    services.probe.publish(GatevaultTopics.SNAPSHOTS_RAW, gatewayId, pending);
    RecordMetadata bad =
        services.probe.publish(GatevaultTopics.SNAPSHOTS_RAW, gatewayId, contradicting);

    List<ConsumerRecord<String, byte[]>> deadLetters =
        services.probe.awaitRaw(
            DeadLetterTopics.nameFor(GatevaultTopics.SNAPSHOTS_RAW, "encrypt"),
            record -> gatewayId.equals(record.key()),
            1,
            WAIT);
    assertThat(deadLetters).hasSize(1);
    ConsumerRecord<String, byte[]> deadLetter = deadLetters.get(0);
    assertThat(header(deadLetter, DeadLetterReason.HEADER)).isEqualTo("permanent-failure");
    assertThat(header(deadLetter, "x-exception-message")).contains("earlier chunks said");
    assertThat(
            ByteBuffer.wrap(deadLetter.headers().lastHeader("x-original-offset").value()).getLong())
        .isEqualTo(bad.offset());
    assertThat(deadLetter.value()[0]).as("still Confluent wire format").isZero();
    assertThat(
            services
                .encrypt
                .getBean(DeadLetterMetrics.class)
                .count(
                    GatevaultTopics.SNAPSHOTS_RAW, "encrypt", DeadLetterReason.PERMANENT_FAILURE))
        .isGreaterThanOrEqualTo(1);
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    assertThat(header).as("header %s", name).isNotNull();
    return new String(header.value(), StandardCharsets.UTF_8);
  }

  static SnapshotChunk singleChunk(String gatewayId) {
    byte[] document = "{\"routes\":[]}".getBytes(StandardCharsets.UTF_8);
    return new SnapshotChunk(
        PipelineEvents.envelope("SnapshotChunk", gatewayId),
        UUID.randomUUID().toString(),
        gatewayId,
        BackupType.FULL,
        0,
        1,
        BinaryContent.copyOf(document),
        document.length,
        PipelineEvents.sha256(document),
        0,
        Map.of("Environment", "test"),
        Instant.now());
  }
}

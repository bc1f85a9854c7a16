package io.gatevault.encrypt.application;

import io.gatevault.core.event.BackupType;
import io.gatevault.core.event.EventEnvelope;
import java.time.Instant;
import java.util.Map;

/**
 * A snapshot whose chunks were all received and whose SHA-256 matched: the input of sealing.
 *
 * @param snapshotId id shared by its chunks
 * @param gatewayId gateway it was taken from
 * @param backupType FULL or INCREMENTAL
 * @param document the whole snapshot document
 * @param sha256 lower-case hex SHA-256 of {@code document}
 * @param watermarkSequence change-log sequence it is consistent with
 * @param tags tags carried by its chunks
 * @param capturedAt when capture read it
 * @param firstChunk envelope of chunk 0, the cause of what is derived from the snapshot
 * @param name file name of the snapshot document (e.g. caddy-prod-20250818-1430-full.json), or null
 *     when capture did not name it
 * @param version backup version of the gateway (1, 2, ...), or 0 when unnumbered
 * @param description free-text description of the deployment state, or null
 * @param environment environment of the gateway, or null when capture did not say
 */
public record AssembledSnapshot(
    String snapshotId,
    String gatewayId,
    BackupType backupType,
    byte[] document,
    String sha256,
    long watermarkSequence,
    Map<String, String> tags,
    Instant capturedAt,
    EventEnvelope firstChunk,
    String name,
    int version,
    String description,
    String environment) {}

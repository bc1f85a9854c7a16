package io.gatevault.encrypt.application;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the encrypt service, under {@code gatevault.encrypt.*}.
 *
 * @param assemblyTimeout how long a snapshot may wait for its missing chunks; then it is dropped
 *     and audited as a failure
 * @param maxPendingBytes memory all incomplete snapshots may hold together; when a new chunk would
 *     exceed it, the oldest incomplete snapshot is dropped (and audited)
 * @param maxSnapshotBytes largest snapshot accepted; larger ones are refused at their first chunk
 * @param maxPendingSnapshots most incomplete snapshots held at once
 */
@ConfigurationProperties("gatevault.encrypt")
@Validated
public record EncryptProperties(
    @DefaultValue("10m") @NotNull Duration assemblyTimeout,
    @DefaultValue("256MB") @NotNull DataSize maxPendingBytes,
    @DefaultValue("128MB") @NotNull DataSize maxSnapshotBytes,
    @DefaultValue("1000") @Min(1) int maxPendingSnapshots) {}

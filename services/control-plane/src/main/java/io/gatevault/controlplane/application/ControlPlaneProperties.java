package io.gatevault.controlplane.application;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the control plane, under {@code gatevault.control-plane.*}.
 *
 * @param auditViewCapacity audit records kept in memory for {@code GET /api/v1/audit} and restore
 *     progress
 * @param catalogCapacity artifacts kept in memory for {@code GET /api/v1/backups}; beyond it the
 *     first seen is forgotten
 */
@ConfigurationProperties("gatevault.control-plane")
@Validated
public record ControlPlaneProperties(
    @DefaultValue("10000")
        @Min(value = 1, message = "must be at least 1")
        @Max(value = 1_000_000, message = "must be at most 1000000 (it is held in memory)")
        int auditViewCapacity,
    @DefaultValue("100000")
        @Min(value = 1, message = "must be at least 1")
        @Max(value = 10_000_000, message = "must be at most 10000000 (it is held in memory)")
        int catalogCapacity) {}

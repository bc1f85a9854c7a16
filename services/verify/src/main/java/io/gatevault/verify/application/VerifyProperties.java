package io.gatevault.verify.application;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the verify service, under {@code gatevault.verify.*}.
 *
 * @param replicaWaitTimeout how long to wait for every configured target to report its replica;
 *     then the artifact is verified anyway and targets without a copy fail
 * @param workDir where replicas are unsealed for the test restore (owner-only temporary files,
 *     deleted after each check); put it on an encrypted or private disk
 * @param expiryCheckInterval how often waiting artifacts are checked against the timeout
 */
@ConfigurationProperties("gatevault.verify")
@Validated
public record VerifyProperties(
    @DefaultValue("2m") @NotNull Duration replicaWaitTimeout,
    @DefaultValue("${java.io.tmpdir}/gatevault-verify") @NotNull Path workDir,
    @DefaultValue("15s") @NotNull Duration expiryCheckInterval) {}

package io.gatevault.replicate.adapter;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Replicate's own settings, under {@code gatevault.replicate}. The targets are the shared {@code
 * gatevault.storage.targets}.
 *
 * @param stagingDir folder where chunks wait until their artifact is whole; must survive a restart
 *     (not a tmpfs), and must not be a backup target
 * @param stagingExpiry staged artifacts untouched this long are discarded (their chunks are gone
 *     from Kafka by then, so they can never complete)
 */
@ConfigurationProperties("gatevault.replicate")
@Validated
public record ReplicateProperties(
    @NotNull(
            message =
                "must name a durable folder, e.g. gatevault.replicate.staging-dir=/var/lib/gatevault/replicate")
        Path stagingDir,
    @DefaultValue("7d") @NotNull Duration stagingExpiry) {}

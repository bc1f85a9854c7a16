package io.gatevault.storage;

import java.util.List;

/**
 * The {@code gatevault.storage} settings: the backup targets every copy is written to.
 *
 * <p>Services bind it with Spring's {@code Binder.get(environment).bind("gatevault.storage",
 * StorageSettings.class)} and hand it to {@link StorageTargets#from(StorageSettings)}, which
 * refuses a configuration that breaks the 3-2-1 rule.
 *
 * @param targets the backup targets, in order; at least three, two media, one off-site
 */
public record StorageSettings(List<StorageTargetSettings> targets) {}

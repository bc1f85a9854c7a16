package io.gatevault.storage;

import io.gatevault.core.event.StorageMedium;

/**
 * One entry of {@code gatevault.storage.targets[i]}. A plain record, so any configuration binder
 * (Spring's {@code Binder}, a YAML reader, a test) can build it; {@link StorageTargets#from}
 * validates the whole list.
 *
 * @param id unique name of the target, e.g. {@code disk-a}; appears in events and reports
 * @param type kind of target; {@code filesystem} (the default when missing) is the one supported
 * @param path the target's folder; must not be inside another target's
 * @param medium FILESYSTEM, OBJECT_STORE or REMOVABLE_MEDIA; the 3-2-1 rule needs two different
 * @param region region or site, e.g. {@code eu-west-1} or {@code site-b}
 * @param offSite the target is in another site than the gateway and the primary copy
 * @param offline the target is offline or immutable (WORM, removed media)
 */
public record StorageTargetSettings(
    String id,
    String type,
    String path,
    StorageMedium medium,
    String region,
    boolean offSite,
    boolean offline) {

  /** The one supported type today. */
  public static final String FILESYSTEM = "filesystem";
}

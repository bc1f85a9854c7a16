package io.gatevault.storage;

import io.gatevault.core.event.StorageMedium;
import io.gatevault.storage.s3.S3TargetSettings;

/**
 * One entry of {@code gatevault.storage.targets[i]}. A plain record, so any configuration binder
 * (Spring's {@code Binder}, a YAML reader, a test) can build it; {@link StorageTargets#from}
 * validates the whole list.
 *
 * @param id unique name of the target, e.g. {@code disk-a}; appears in events and reports
 * @param type {@code filesystem} (the default when missing) or {@code s3}
 * @param path the folder of a filesystem target; must not be inside another target's
 * @param medium FILESYSTEM, OBJECT_STORE or REMOVABLE_MEDIA; the 3-2-1 rule needs two different;
 *     OBJECT_STORE when missing on an s3 target
 * @param region region or site, e.g. {@code eu-west-1} or {@code site-b}; on an s3 target the
 *     bucket's region ({@code s3.region}) when missing
 * @param offSite the target is in another site than the gateway and the primary copy
 * @param offline the target is offline or immutable (WORM, removed media)
 * @param s3 bucket, credentials and object settings of an s3 target
 */
public record StorageTargetSettings(
    String id,
    String type,
    String path,
    StorageMedium medium,
    String region,
    boolean offSite,
    boolean offline,
    S3TargetSettings s3) {

  /** A target in a folder. */
  public static final String FILESYSTEM = "filesystem";

  /** A target in an S3 bucket (AWS or S3-compatible). */
  public static final String S3 = "s3";
}

package io.gatevault.core.storage;

import io.gatevault.core.event.StorageMedium;

/**
 * What one backup target is, for the 3-2-1 rule and data residency.
 *
 * @param targetId unique name of the target in the configuration
 * @param medium kind of storage; the 3-2-1 rule needs two different ones
 * @param region region or site (e.g. {@code eu-west-1}, {@code site-b}), checked by residency
 *     policy
 * @param offSite the target is in another site than the gateway and the primary copy
 * @param offline the target is offline or immutable (WORM, object lock, removed media)
 */
public record TargetDescription(
    String targetId, StorageMedium medium, String region, boolean offSite, boolean offline) {

  public TargetDescription {
    if (targetId == null || targetId.isBlank()) {
      throw new IllegalArgumentException("TargetDescription.targetId must not be blank");
    }
    if (medium == null) {
      throw new IllegalArgumentException(
          "TargetDescription.medium is required for target '" + targetId + "'");
    }
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException(
          "TargetDescription.region must not be blank for target '" + targetId + "'");
    }
  }
}

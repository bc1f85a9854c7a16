package io.gatevault.core.event;

/**
 * Where a change was observed.
 *
 * @param feed the feed, e.g. {@code kong-admin-poll}
 * @param reference the feed's own reference for the change (audit entry id), or null
 * @param actor who made the change according to the feed, or null
 */
public record ChangeSource(String feed, String reference, String actor) {

  public ChangeSource {
    Require.nonBlank(feed, "ChangeSource.feed");
    Require.nullOrNonBlank(reference, "ChangeSource.reference");
    Require.nullOrNonBlank(actor, "ChangeSource.actor");
  }
}

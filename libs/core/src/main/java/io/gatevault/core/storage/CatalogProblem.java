package io.gatevault.core.storage;

/**
 * Something in storage the catalog could not account for: an unreadable manifest, an object no
 * manifest claims, copies whose manifests disagree. The catalog reports it and never acts on it;
 * prune never deletes what it cannot read.
 */
public record CatalogProblem(String targetId, String key, String description) {}

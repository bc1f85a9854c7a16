/**
 * The canonical configuration model every gateway adapter maps into: {@link
 * io.gatevault.core.config.ConfigEntity entities}, {@link io.gatevault.core.config.ConfigSnapshot
 * snapshots} with the gateway's native document, {@link io.gatevault.core.config.CanonicalJson
 * deterministic JSON}, {@link io.gatevault.core.config.ContentHash hashes} and entity-level {@link
 * io.gatevault.core.config.ConfigDiff diffs}. Pure values and functions, no framework.
 */
package io.gatevault.core.config;

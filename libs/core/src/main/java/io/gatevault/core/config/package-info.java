/**
 * The canonical configuration model every gateway adapter maps into: {@link
 * io.gatevault.core.config.ConfigEntity entities}, {@link io.gatevault.core.config.ConfigSnapshot
 * snapshots} with the gateway's native document, {@link io.gatevault.core.config.CanonicalJson
 * deterministic JSON}, {@link io.gatevault.core.config.ContentHash hashes} and entity-level {@link
 * io.gatevault.core.config.ConfigDiff diffs}, and the {@link
 * io.gatevault.core.config.SensitiveDataClassifier classification} of secrets and personal data by
 * rules each adapter declares (reported by entity and JSON path, never by value; secrets redacted
 * into named placeholders and supplied back on restore). Pure values and functions, no framework.
 */
package io.gatevault.core.config;

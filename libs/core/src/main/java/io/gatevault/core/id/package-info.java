/** Deterministic, name-based identifiers that make retries and redeliveries idempotent. */
package io.gatevault.core.id;

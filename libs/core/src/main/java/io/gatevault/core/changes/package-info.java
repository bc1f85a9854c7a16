/**
 * Change detection for the poll-and-diff feed: {@link io.gatevault.core.changes.ChangeDetector}
 * finds the entity changes between two configurations (cheap hash pre-check first, then an entity
 * diff in dependency order), and {@link io.gatevault.core.changes.EntityImage} defines the before-
 * and after-images a {@link io.gatevault.core.event.ConfigChange} carries. Pure functions.
 */
package io.gatevault.core.changes;

/**
 * Turns Avro wire records ({@code io.gatevault.schemas.avro}) into domain records ({@code
 * io.gatevault.core.event}) and back, at the edge, before any logic sees them. One mapper per
 * event; {@link io.gatevault.messaging.mapping.EventMappers} picks the right one by type.
 *
 * <p>Mapping Avro input that breaks the contract (a required field null, an enum symbol this build
 * does not know) throws {@link IllegalArgumentException} naming the field: a permanent error, for
 * the dead-letter topic, never worth a retry.
 */
package io.gatevault.messaging.mapping;

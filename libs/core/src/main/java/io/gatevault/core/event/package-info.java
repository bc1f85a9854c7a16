/**
 * Gatevault's events as immutable, validated domain records: what services reason about. The Avro
 * wire types in {@code io.gatevault.schemas.avro} mirror these and are mapped at the edge
 * (io.gatevault.messaging.mapping); nothing here depends on Avro, Kafka, Spring or AWS.
 */
package io.gatevault.core.event;

package io.gatevault.messaging.registry;

/**
 * One version of a subject as the registry knows it.
 *
 * @param subject the subject the schema is registered under
 * @param version the version within the subject, starting at 1
 * @param id the registry-wide schema id written into every Confluent-framed record
 * @param schema the schema text as the registry returns it
 */
public record RegisteredSchema(String subject, int version, int id, String schema) {}

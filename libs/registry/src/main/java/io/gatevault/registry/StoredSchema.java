package io.gatevault.registry;

/**
 * One version of one subject.
 *
 * @param subject the subject
 * @param version 1-based version within the subject
 * @param id registry-wide id; the same schema text under two subjects shares one id
 * @param schema the schema in Avro's normalised JSON form
 */
record StoredSchema(String subject, int version, int id, String schema) {}

package io.gatevault.messaging.registry;

import java.util.List;

/**
 * The subset of the Confluent Schema Registry API that Gatevault uses. Schemas travel as their JSON
 * text so the client stays neutral about how the caller parses them.
 *
 * <p>Every method throws a {@link SchemaRegistryException} subclass: {@link
 * SubjectNotFoundException}, {@link VersionNotFoundException}, {@link SchemaNotFoundException},
 * {@link IncompatibleSchemaException}, {@link InvalidSchemaException}, {@link
 * InvalidCompatibilityLevelException} (all permanent) or {@link SchemaRegistryUnavailableException}
 * (retriable).
 */
public interface SchemaRegistryClient {

  /**
   * Registers {@code schema} under {@code subject}, or finds it if already there; returns its id.
   */
  int register(String subject, String schema);

  /** Finds an already registered schema in {@code subject}; never registers. */
  RegisteredSchema lookup(String subject, String schema);

  /** The schema text for a registry-wide id. */
  String schemaById(int id);

  /** The newest version of {@code subject}. */
  RegisteredSchema latestVersion(String subject);

  /** A given version of {@code subject}. */
  RegisteredSchema version(String subject, int version);

  /** All subjects the registry holds. */
  List<String> subjects();

  /** The version numbers of {@code subject}, oldest first. */
  List<Integer> versions(String subject);

  /** Whether {@code schema} could be registered as the next version of {@code subject}. */
  CompatibilityResult checkCompatibility(String subject, String schema);

  /** The registry-wide default compatibility level. */
  CompatibilityLevel globalCompatibility();

  /** The level that applies to {@code subject}: its own if set, else the global one. */
  CompatibilityLevel subjectCompatibility(String subject);

  void setGlobalCompatibility(CompatibilityLevel level);

  void setSubjectCompatibility(String subject, CompatibilityLevel level);
}

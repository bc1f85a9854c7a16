package io.gatevault.messaging.serde;

import io.gatevault.messaging.registry.CompatibilityLevel;
import io.gatevault.messaging.registry.CompatibilityResult;
import io.gatevault.messaging.registry.RegisteredSchema;
import io.gatevault.messaging.registry.SchemaNotFoundException;
import io.gatevault.messaging.registry.SchemaRegistryClient;
import io.gatevault.messaging.registry.SubjectNotFoundException;
import io.gatevault.messaging.registry.VersionNotFoundException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A registry in a map, for unit tests of the serde; no compatibility rules. */
final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

  private final Map<Integer, String> schemas = new HashMap<>();
  private final Map<String, List<RegisteredSchema>> subjects = new LinkedHashMap<>();
  private final Map<String, CompatibilityLevel> levels = new HashMap<>();
  private CompatibilityLevel global = CompatibilityLevel.BACKWARD;

  @Override
  public synchronized int register(String subject, String schema) {
    List<RegisteredSchema> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
    for (RegisteredSchema existing : versions) {
      if (existing.schema().equals(schema)) {
        return existing.id();
      }
    }
    int id =
        schemas.entrySet().stream()
            .filter(e -> e.getValue().equals(schema))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElse(schemas.size() + 1);
    schemas.put(id, schema);
    versions.add(new RegisteredSchema(subject, versions.size() + 1, id, schema));
    return id;
  }

  @Override
  public synchronized RegisteredSchema lookup(String subject, String schema) {
    return versionsOf(subject).stream()
        .filter(v -> v.schema().equals(schema))
        .findFirst()
        .orElseThrow(() -> new SchemaNotFoundException("Schema not found", 404, 40403));
  }

  @Override
  public synchronized String schemaById(int id) {
    String schema = schemas.get(id);
    if (schema == null) {
      throw new SchemaNotFoundException("Schema " + id + " not found", 404, 40403);
    }
    return schema;
  }

  @Override
  public synchronized RegisteredSchema latestVersion(String subject) {
    List<RegisteredSchema> versions = versionsOf(subject);
    return versions.get(versions.size() - 1);
  }

  @Override
  public synchronized RegisteredSchema version(String subject, int version) {
    List<RegisteredSchema> versions = versionsOf(subject);
    if (version < 1 || version > versions.size()) {
      throw new VersionNotFoundException("Version not found", 404, 40402);
    }
    return versions.get(version - 1);
  }

  @Override
  public synchronized List<String> subjects() {
    return List.copyOf(subjects.keySet());
  }

  @Override
  public synchronized List<Integer> versions(String subject) {
    return versionsOf(subject).stream().map(RegisteredSchema::version).toList();
  }

  @Override
  public CompatibilityResult checkCompatibility(String subject, String schema) {
    return new CompatibilityResult(true, List.of());
  }

  @Override
  public synchronized CompatibilityLevel globalCompatibility() {
    return global;
  }

  @Override
  public synchronized CompatibilityLevel subjectCompatibility(String subject) {
    return levels.getOrDefault(subject, global);
  }

  @Override
  public synchronized void setGlobalCompatibility(CompatibilityLevel level) {
    global = level;
  }

  @Override
  public synchronized void setSubjectCompatibility(String subject, CompatibilityLevel level) {
    levels.put(subject, level);
  }

  private List<RegisteredSchema> versionsOf(String subject) {
    List<RegisteredSchema> versions = subjects.get(subject);
    if (versions == null || versions.isEmpty()) {
      throw new SubjectNotFoundException("Subject '" + subject + "' not found", 404, 40401);
    }
    return versions;
  }
}

package io.gatevault.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/**
 * The registry's rules and in-memory state: subjects, versions, ids and compatibility settings.
 * Every change is first appended to the {@link SchemaLog} and applied here only once Kafka has
 * acknowledged it, so what clients were told always survives a restart.
 *
 * <p>Single writer: ids and versions are allocated from this process's memory, so exactly one
 * registry instance may write to a given topic. Two instances on one topic would hand out the same
 * id twice.
 */
final class SchemaCatalog {

  private final SchemaLog log;
  private final Compatibility defaultCompatibility;
  private final Map<String, List<StoredSchema>> subjects = new TreeMap<>();
  private final Map<Integer, String> schemasById = new HashMap<>();
  private final Map<String, Integer> idsBySchema = new HashMap<>();
  private final Map<String, Compatibility> subjectLevels = new HashMap<>();
  private Compatibility globalLevel;
  private int highestId;

  SchemaCatalog(SchemaLog log, Compatibility defaultCompatibility) {
    this.log = log;
    this.defaultCompatibility = defaultCompatibility;
    this.globalLevel = defaultCompatibility;
  }

  /** Rebuilds the state from the log, dropping whatever was in memory. */
  synchronized void load() {
    subjects.clear();
    schemasById.clear();
    idsBySchema.clear();
    subjectLevels.clear();
    globalLevel = defaultCompatibility;
    highestId = 0;
    log.replay(
        new SchemaLog.Replay() {
          @Override
          public void schema(StoredSchema schema) {
            applySchema(schema);
          }

          @Override
          public void config(Optional<String> subject, Compatibility level) {
            applyConfig(subject, level);
          }
        });
  }

  private void applySchema(StoredSchema schema) {
    List<StoredSchema> versions =
        subjects.computeIfAbsent(schema.subject(), s -> new ArrayList<>());
    versions.removeIf(existing -> existing.version() == schema.version());
    versions.add(schema);
    versions.sort((a, b) -> Integer.compare(a.version(), b.version()));
    schemasById.put(schema.id(), schema.schema());
    idsBySchema.putIfAbsent(schema.schema(), schema.id());
    highestId = Math.max(highestId, schema.id());
  }

  private void applyConfig(Optional<String> subject, Compatibility level) {
    if (subject.isPresent()) {
      subjectLevels.put(subject.get(), level);
    } else {
      globalLevel = level;
    }
  }

  /** Registers {@code schemaText} under {@code subject}, or returns the id it already has there. */
  synchronized int register(String subject, String schemaText) {
    Schema schema = parse(schemaText);
    String normalised = schema.toString();
    List<StoredSchema> versions = subjects.getOrDefault(subject, List.of());
    for (StoredSchema existing : versions) {
      if (existing.schema().equals(normalised)) {
        return existing.id();
      }
    }
    Compatibility level = compatibilityOf(subject);
    List<String> problems = CompatibilityRules.incompatibilities(level, schema, versions);
    if (!problems.isEmpty()) {
      throw new RegistryError(
          409,
          409,
          "Schema being registered is incompatible with an earlier schema for subject \""
              + subject
              + "\" (compatibility "
              + level
              + "): "
              + String.join("; ", problems));
    }
    int id = idsBySchema.getOrDefault(normalised, highestId + 1);
    int version = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version() + 1;
    StoredSchema stored = new StoredSchema(subject, version, id, normalised);
    persist(() -> log.appendSchema(stored));
    applySchema(stored);
    return id;
  }

  synchronized StoredSchema lookup(String subject, String schemaText) {
    List<StoredSchema> versions = versionsOf(subject);
    String normalised = parse(schemaText).toString();
    return versions.stream()
        .filter(existing -> existing.schema().equals(normalised))
        .findFirst()
        .orElseThrow(
            () ->
                RegistryError.schemaNotFound("Schema not found under subject '" + subject + "'."));
  }

  synchronized String schemaById(int id) {
    String schema = schemasById.get(id);
    if (schema == null) {
      throw RegistryError.schemaNotFound("Schema " + id + " not found.");
    }
    return schema;
  }

  /** Every (subject, version) that uses the schema with {@code id}. */
  synchronized List<StoredSchema> usesOf(int id) {
    schemaById(id);
    List<StoredSchema> uses = new ArrayList<>();
    subjects
        .values()
        .forEach(
            versions -> versions.stream().filter(version -> version.id() == id).forEach(uses::add));
    return uses;
  }

  synchronized List<String> subjects() {
    return List.copyOf(subjects.keySet());
  }

  synchronized List<Integer> versions(String subject) {
    return versionsOf(subject).stream().map(StoredSchema::version).toList();
  }

  /** A version by number, or the latest for {@code "latest"} / {@code -1}. */
  synchronized StoredSchema version(String subject, String version) {
    List<StoredSchema> versions = versionsOf(subject);
    int number = parseVersion(version);
    if (number == -1) {
      return versions.get(versions.size() - 1);
    }
    return versions.stream()
        .filter(candidate -> candidate.version() == number)
        .findFirst()
        .orElseThrow(() -> RegistryError.versionNotFound(subject, number));
  }

  /**
   * The incompatibilities of {@code schemaText} with the subject: with a version, with that one
   * version only; without ({@code version} empty), with what registering it would be checked
   * against. An unknown subject has nothing to be incompatible with.
   */
  synchronized List<String> incompatibilities(
      String subject, Optional<String> version, String schemaText) {
    Schema schema = parse(schemaText);
    List<StoredSchema> versions = subjects.getOrDefault(subject, List.of());
    if (versions.isEmpty()) {
      if (version.isPresent() && parseVersion(version.get()) != -1) {
        throw RegistryError.subjectNotFound(subject);
      }
      return List.of();
    }
    Compatibility level = compatibilityOf(subject);
    if (version.isPresent() && parseVersion(version.get()) != -1) {
      StoredSchema only = version(subject, version.get());
      return CompatibilityRules.incompatibilities(nonTransitive(level), schema, List.of(only));
    }
    return CompatibilityRules.incompatibilities(level, schema, versions);
  }

  private static Compatibility nonTransitive(Compatibility level) {
    return switch (level) {
      case BACKWARD_TRANSITIVE -> Compatibility.BACKWARD;
      case FORWARD_TRANSITIVE -> Compatibility.FORWARD;
      case FULL_TRANSITIVE -> Compatibility.FULL;
      default -> level;
    };
  }

  synchronized Compatibility globalCompatibility() {
    return globalLevel;
  }

  /** The subject's own level, if it has one. */
  synchronized Optional<Compatibility> subjectCompatibility(String subject) {
    return Optional.ofNullable(subjectLevels.get(subject));
  }

  synchronized Compatibility compatibilityOf(String subject) {
    return subjectLevels.getOrDefault(subject, globalLevel);
  }

  synchronized void setCompatibility(Optional<String> subject, Compatibility level) {
    persist(() -> log.appendConfig(subject, level));
    applyConfig(subject, level);
  }

  /**
   * Appends to the log; if Kafka did not confirm, the write may still have landed, so the state is
   * rebuilt from the log to stay exactly what a restart would see.
   */
  private void persist(Runnable append) {
    try {
      append.run();
    } catch (RegistryError e) {
      try {
        load();
      } catch (RuntimeException reloadFailure) {
        e.addSuppressed(reloadFailure);
      }
      throw e;
    }
  }

  private List<StoredSchema> versionsOf(String subject) {
    List<StoredSchema> versions = subjects.get(subject);
    if (versions == null || versions.isEmpty()) {
      throw RegistryError.subjectNotFound(subject);
    }
    return versions;
  }

  private static int parseVersion(String version) {
    if ("latest".equals(version)) {
      return -1;
    }
    try {
      int number = Integer.parseInt(version);
      if (number == -1 || number >= 1) {
        return number;
      }
    } catch (NumberFormatException e) {
      // falls through to the error below
    }
    throw RegistryError.invalidVersion(version);
  }

  static Schema parse(String schemaText) {
    if (schemaText == null || schemaText.isBlank()) {
      throw RegistryError.invalidSchema("Invalid schema: the schema is empty.");
    }
    try {
      return new Schema.Parser().parse(schemaText);
    } catch (AvroRuntimeException e) {
      throw RegistryError.invalidSchema("Invalid schema " + schemaText + ": " + e.getMessage());
    }
  }
}

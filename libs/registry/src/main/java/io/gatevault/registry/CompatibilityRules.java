package io.gatevault.registry;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaIncompatibilityType;

/**
 * Decides whether a candidate schema may follow the existing versions of a subject, using Avro's
 * own reader/writer resolution rules ({@link SchemaCompatibility}).
 */
final class CompatibilityRules {

  private CompatibilityRules() {}

  /**
   * Lists every incompatibility of {@code candidate} with {@code earlier} (oldest first) under
   * {@code level}; empty means compatible.
   */
  static List<String> incompatibilities(
      Compatibility level, Schema candidate, List<StoredSchema> earlier) {
    List<String> problems = new ArrayList<>();
    if (level == Compatibility.NONE || earlier.isEmpty()) {
      return problems;
    }
    List<StoredSchema> checked =
        level.transitive() ? earlier : List.of(earlier.get(earlier.size() - 1));
    for (int i = checked.size() - 1; i >= 0; i--) {
      StoredSchema version = checked.get(i);
      Schema existing = new Schema.Parser().parse(version.schema());
      if (level.newReadsOld()) {
        describe(
            SchemaCompatibility.checkReaderWriterCompatibility(candidate, existing),
            "the new schema reading data written with version " + version.version(),
            problems);
      }
      if (level.oldReadsNew()) {
        describe(
            SchemaCompatibility.checkReaderWriterCompatibility(existing, candidate),
            "version " + version.version() + " reading data written with the new schema",
            problems);
      }
    }
    return problems;
  }

  private static void describe(
      SchemaCompatibility.SchemaPairCompatibility pair, String direction, List<String> problems) {
    for (Incompatibility incompatibility : pair.getResult().getIncompatibilities()) {
      problems.add(
          incompatibility.getType()
              + " at "
              + incompatibility.getLocation()
              + ": "
              + explain(incompatibility)
              + " ("
              + direction
              + ")");
    }
  }

  private static String explain(Incompatibility incompatibility) {
    SchemaIncompatibilityType type = incompatibility.getType();
    String message = incompatibility.getMessage();
    return switch (type) {
      case READER_FIELD_MISSING_DEFAULT_VALUE ->
          "field '" + message + "' has no default, so the reader cannot fill it in";
      case MISSING_UNION_BRANCH -> "a union lacks a branch: " + message;
      case MISSING_ENUM_SYMBOLS -> "enum symbols missing from the reader: " + message;
      default -> message;
    };
  }
}

package io.gatevault.schemas;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * BACKWARD compatibility as the schema registry defines it: a consumer using the new (reader)
 * schema can read data written with the old (writer) schema.
 */
final class BackwardCompatibility {

  private BackwardCompatibility() {}

  /** Problems found, one readable line each; empty when the new schema can read the old data. */
  static List<String> problems(Schema newReader, Schema oldWriter) {
    SchemaCompatibility.SchemaPairCompatibility result =
        SchemaCompatibility.checkReaderWriterCompatibility(newReader, oldWriter);
    if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
      return List.of();
    }
    return result.getResult().getIncompatibilities().stream()
        .map(problem -> describe(newReader, problem))
        .toList();
  }

  private static String describe(Schema newReader, Incompatibility problem) {
    return fieldPath(newReader, problem.getLocation())
        + " ("
        + problem.getLocation()
        + "): "
        + problem.getType()
        + " "
        + problem.getMessage();
  }

  /**
   * Turns Avro's JSON-pointer-like location ("/fields/3/type/symbols") into the field names a
   * developer edits ("ConfigChange.op"), walking the reader schema the location refers to.
   */
  static String fieldPath(Schema root, String location) {
    StringBuilder path = new StringBuilder(root.getName());
    Schema current = root;
    String[] steps = location.split("/");
    for (int i = 1; i < steps.length; i++) {
      String step = steps[i];
      if (step.equals("fields")
          && i + 1 < steps.length
          && current.getType() == Schema.Type.RECORD) {
        Schema.Field field = current.getFields().get(Integer.parseInt(steps[++i]));
        path.append('.').append(field.name());
        current = field.schema();
      } else if (step.equals("items") && current.getType() == Schema.Type.ARRAY) {
        current = current.getElementType();
      } else if (step.equals("values") && current.getType() == Schema.Type.MAP) {
        current = current.getValueType();
      } else if (step.matches("\\d+") && current.getType() == Schema.Type.UNION) {
        current = current.getTypes().get(Integer.parseInt(step));
        path.append('[').append(current.getName()).append(']');
      }
    }
    return path.toString();
  }
}

package io.gatevault.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class SchemaDocumentationTest {

  @Test
  void everyRecordEnumAndFieldHasADoc() {
    List<String> undocumented = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    SchemaFolder.eventSchemas(SchemaFolder.CURRENT)
        .values()
        .forEach(schema -> collectUndocumented(schema, seen, undocumented));
    assertThat(undocumented).as("add a \"doc\" to each of these").isEmpty();
  }

  @Test
  void everyEventStartsWithTheSharedEnvelope() {
    SchemaFolder.eventSchemas(SchemaFolder.CURRENT)
        .values()
        .forEach(
            schema ->
                assertThat(schema.getFields().get(0).schema().getFullName())
                    .as("first field of %s", schema.getName())
                    .isEqualTo("io.gatevault.schemas.avro.EventEnvelope"));
  }

  private static void collectUndocumented(Schema schema, Set<String> seen, List<String> out) {
    switch (schema.getType()) {
      case RECORD -> {
        if (!seen.add(schema.getFullName())) {
          return;
        }
        if (isBlank(schema.getDoc())) {
          out.add(schema.getFullName());
        }
        for (Schema.Field field : schema.getFields()) {
          if (isBlank(field.doc())) {
            out.add(schema.getName() + "." + field.name());
          }
          collectUndocumented(field.schema(), seen, out);
        }
      }
      case ENUM -> {
        if (seen.add(schema.getFullName()) && isBlank(schema.getDoc())) {
          out.add(schema.getFullName());
        }
      }
      case UNION -> schema.getTypes().forEach(branch -> collectUndocumented(branch, seen, out));
      case ARRAY -> collectUndocumented(schema.getElementType(), seen, out);
      case MAP -> collectUndocumented(schema.getValueType(), seen, out);
      default -> {}
    }
  }

  private static boolean isBlank(String doc) {
    return doc == null || doc.isBlank();
  }
}

package io.gatevault.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class BackwardCompatibilityTest {

  private final Map<String, Schema> current = SchemaFolder.eventSchemas(SchemaFolder.CURRENT);
  private final Map<String, Path> releases = SchemaFolder.releasedVersions();

  @Test
  void thereIsAtLeastTheFirstRelease() {
    assertThat(releases).containsKey("v1");
    assertThat(current).hasSize(9);
  }

  @Test
  void everyCurrentSchemaReadsDataWrittenWithEveryReleasedVersion() {
    List<String> problems = new ArrayList<>();
    releases.forEach(
        (version, folder) ->
            SchemaFolder.eventSchemas(folder)
                .forEach(
                    (name, released) -> {
                      Schema now = current.get(name);
                      if (now != null) {
                        BackwardCompatibility.problems(now, released)
                            .forEach(problem -> problems.add(version + ": " + problem));
                      }
                    }));
    assertThat(problems)
        .as("current schemas must read everything written with a released schema")
        .isEmpty();
  }

  @Test
  void everyCurrentEventSchemaHasAReleasedBaseline() {
    List<String> released = new ArrayList<>();
    releases
        .values()
        .forEach(folder -> released.addAll(SchemaFolder.eventSchemas(folder).keySet()));
    assertThat(released)
        .as("copy new event schemas into a new compat/vN folder when you release them")
        .containsAll(current.keySet());
  }

  @Test
  void noReleasedEventSchemaHasDisappeared() {
    releases.forEach(
        (version, folder) ->
            assertThat(current.keySet())
                .as("events released in %s must still be readable", version)
                .containsAll(SchemaFolder.eventSchemas(folder).keySet()));
  }

  @Test
  void aNewFieldWithoutDefaultIsReportedWithItsName() {
    Schema released = releasedV1("io.gatevault.schemas.avro.ConfigChange");
    Schema changed = withExtraField(released, "{\"name\": \"ticketNumber\", \"type\": \"string\"}");

    List<String> problems = BackwardCompatibility.problems(changed, released);

    assertThat(problems)
        .singleElement()
        .asString()
        .contains("READER_FIELD_MISSING_DEFAULT")
        .contains("ConfigChange.ticketNumber");
  }

  @Test
  void aNewFieldWithDefaultIsCompatible() {
    Schema released = releasedV1("io.gatevault.schemas.avro.ConfigChange");
    Schema changed =
        withExtraField(
            released,
            "{\"name\": \"ticketNumber\", \"type\": [\"null\", \"string\"], \"default\": null}");

    assertThat(BackwardCompatibility.problems(changed, released)).isEmpty();
  }

  @Test
  void aRemovedEnumSymbolIsReportedWithItsName() {
    Schema released = releasedV1("io.gatevault.schemas.avro.ConfigChange");
    Schema changed =
        new Schema.Parser().parse(released.toString().replace(",\"SNAPSHOT_READ\"", ""));

    List<String> problems = BackwardCompatibility.problems(changed, released);

    assertThat(problems)
        .singleElement()
        .asString()
        .contains("MISSING_ENUM_SYMBOLS")
        .contains("ConfigChange.op")
        .contains("SNAPSHOT_READ");
  }

  private Schema releasedV1(String fullName) {
    return SchemaFolder.eventSchemas(releases.get("v1")).get(fullName);
  }

  /** The released schema with one more field, as a developer would edit it. */
  private static Schema withExtraField(Schema released, String fieldJson) {
    // toString() inlines the named types the schema uses, so the edited text parses on its own.
    String json = released.toString();
    int lastField = json.lastIndexOf(']');
    return new Schema.Parser()
        .parse(json.substring(0, lastField) + ", " + fieldJson + json.substring(lastField));
  }
}

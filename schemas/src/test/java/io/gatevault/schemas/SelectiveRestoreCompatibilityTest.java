package io.gatevault.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/**
 * The selection of a restore command (onlyTypes, onlyTags, onlyNames) crosses releases both ways: a
 * restore service built now reads a v1 command as "restore everything", and a v1 restore service
 * still reads a command that carries a selection (it restores everything; the fields are unknown to
 * it).
 */
class SelectiveRestoreCompatibilityTest {

  private static final String COMMAND = "io.gatevault.schemas.avro.Command";

  private final Schema current = SchemaFolder.eventSchemas(SchemaFolder.CURRENT).get(COMMAND);
  private final Schema v1 =
      SchemaFolder.eventSchemas(SchemaFolder.releasedVersions().get("v1")).get(COMMAND);

  @Test
  void aV1RestoreCommandReadsWithAnEmptySelection() throws IOException {
    GenericRecord written = restoreCommand(v1, null);

    GenericRecord read = roundTrip(written, v1, current);

    GenericRecord restore = (GenericRecord) read.get("payload");
    assertThat(restore.get("backupId").toString()).isEqualTo("artifact-1");
    assertThat((List<?>) restore.get("onlyTypes")).isEmpty();
    assertThat((List<?>) restore.get("onlyTags")).isEmpty();
    assertThat((List<?>) restore.get("onlyNames")).isEmpty();
  }

  @Test
  void aRestoreCommandWithASelectionIsReadableByAV1Reader() throws IOException {
    GenericRecord written = restoreCommand(current, List.of("route-api-*"));

    GenericRecord read = roundTrip(written, current, v1);

    GenericRecord restore = (GenericRecord) read.get("payload");
    assertThat(restore.get("backupId").toString()).isEqualTo("artifact-1");
    assertThat(restore.get("dryRun")).isEqualTo(false);
    assertThat(restore.getSchema().getField("onlyNames")).isNull();
  }

  @Test
  void theCurrentRestoreRequestedIsForwardCompatibleWithV1() {
    // FORWARD for this record: the old (reader) schema reads data written with the new one. The
    // whole Command is not forward compatible with v1 (VerifyRequested is a later union branch a
    // v1 reader cannot take), so the check is on the restore branch this change touches.
    SchemaCompatibility.SchemaPairCompatibility result =
        SchemaCompatibility.checkReaderWriterCompatibility(
            restoreBranch(v1), restoreBranch(current));

    assertThat(result.getType()).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
  }

  @Test
  void aSelectionRoundTripsThroughTheCurrentSchema() throws IOException {
    GenericRecord written = restoreCommand(current, List.of("route-api-*", "host=shop.test*"));

    GenericRecord read = roundTrip(written, current, current);

    GenericRecord restore = (GenericRecord) read.get("payload");
    assertThat(((List<?>) restore.get("onlyNames")).stream().map(Object::toString))
        .containsExactly("route-api-*", "host=shop.test*");
    assertThat(((List<?>) restore.get("onlyTypes")).stream().map(Object::toString))
        .containsExactly("route");
  }

  /** A restore command in {@code schema}; with {@code names} also a selection (current only). */
  private static GenericRecord restoreCommand(Schema schema, List<String> names) {
    Schema envelopeSchema = schema.getField("envelope").schema();
    GenericRecord envelope = new GenericData.Record(envelopeSchema);
    for (Schema.Field field : envelopeSchema.getFields()) {
      envelope.put(field.name(), valueFor(field.schema()));
    }
    Schema restoreSchema = restoreBranch(schema);
    GenericRecord restore = new GenericData.Record(restoreSchema);
    restore.put("backupId", "artifact-1");
    restore.put("dryRun", false);
    if (restoreSchema.getField("onlyTypes") != null) {
      restore.put("onlyTypes", names == null ? List.of() : List.of("route"));
      restore.put("onlyTags", List.of());
      restore.put("onlyNames", names == null ? List.of() : names);
    }
    GenericRecord command = new GenericData.Record(schema);
    command.put("envelope", envelope);
    command.put("commandId", "cmd-1");
    command.put("gatewayId", "caddy-prod");
    command.put("requestedBy", "alice");
    command.put("requestedAt", 1_700_000_000_000L);
    command.put("payload", restore);
    return command;
  }

  private static Schema restoreBranch(Schema command) {
    return command.getField("payload").schema().getTypes().stream()
        .filter(branch -> branch.getName().equals("RestoreRequested"))
        .findFirst()
        .orElseThrow();
  }

  /** A plausible value of a non-union-record envelope field: enough for binary encoding. */
  private static Object valueFor(Schema schema) {
    return switch (schema.getType()) {
      case STRING -> "x";
      case INT -> 1;
      case LONG -> 1L;
      case BOOLEAN -> false;
      case MAP -> java.util.Map.of();
      case ARRAY -> List.of();
      case UNION -> null;
      case ENUM -> new GenericData.EnumSymbol(schema, schema.getEnumSymbols().get(0));
      default ->
          throw new IllegalStateException(
              "the envelope has a field of type " + schema.getType() + " this test cannot fill");
    };
  }

  private static GenericRecord roundTrip(GenericRecord record, Schema writer, Schema reader)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    new GenericDatumWriter<GenericRecord>(writer).write(record, encoder);
    encoder.flush();
    return new GenericDatumReader<GenericRecord>(writer, reader)
        .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
  }
}

package io.gatevault.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/**
 * The CHECKPOINT artifact kind: a v1 kind reads as itself, this release's readers read a kind a
 * later release adds as the default (SNAPSHOT) instead of failing, and a v1 reader (released
 * without a default) cannot read CHECKPOINT: every service reading manifests is upgraded before
 * capture writes checkpoints (they ship together in one release).
 */
class CheckpointKindCompatibilityTest {

  private static final String FILE = "common/ArtifactKind.avsc";

  private final Schema current = parse(SchemaFolder.CURRENT.resolve(FILE));
  private final Schema v1 = parse(SchemaFolder.releasedVersions().get("v1").resolve(FILE));

  @Test
  void theCurrentKindHasCheckpointAndADefault() {
    assertThat(current.getEnumSymbols())
        .containsExactly("SNAPSHOT", "CHANGE_SEGMENT", "CHECKPOINT");
    assertThat(current.getEnumDefault()).isEqualTo("SNAPSHOT");
  }

  @Test
  void theGeneratedRecordsCarryTheCheckpointKind() {
    // The records embed ArtifactKind in their own schema: generated before the symbol was added,
    // they would register the old enum and write an ordinal it does not have.
    for (Schema record :
        java.util.List.of(
            io.gatevault.schemas.avro.ArtifactManifest.getClassSchema(),
            io.gatevault.schemas.avro.SealedArtifact.getClassSchema())) {
      assertThat(record.getField("kind").schema().getEnumSymbols())
          .as(record.getName())
          .contains("CHECKPOINT");
    }
  }

  @Test
  void aV1ChangeSegmentKindReadsAsChangeSegment() throws IOException {
    assertThat(roundTrip("CHANGE_SEGMENT", v1, current)).isEqualTo("CHANGE_SEGMENT");
  }

  @Test
  void aKindALaterReleaseAddsReadsAsTheDefault() throws IOException {
    Schema later =
        new Schema.Parser()
            .parse(
                current
                    .toString()
                    .replace("\"CHECKPOINT\"]", "\"CHECKPOINT\",\"SOMETHING_LATER\"]"));

    assertThat(roundTrip("SOMETHING_LATER", later, current)).isEqualTo("SNAPSHOT");
  }

  @Test
  void aV1ReaderCannotReadACheckpointKind() {
    assertThatThrownBy(() -> roundTrip("CHECKPOINT", current, v1))
        .isInstanceOf(AvroTypeException.class)
        .hasMessageContaining("CHECKPOINT");
  }

  private static String roundTrip(String symbol, Schema writer, Schema reader) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    new GenericDatumWriter<Object>(writer)
        .write(new GenericData.EnumSymbol(writer, symbol), encoder);
    encoder.flush();
    return new GenericDatumReader<Object>(writer, reader)
        .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null))
        .toString();
  }

  private static Schema parse(Path file) {
    try {
      return new Schema.Parser().parse(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }
}

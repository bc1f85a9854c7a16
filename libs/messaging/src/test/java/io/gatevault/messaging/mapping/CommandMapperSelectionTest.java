package io.gatevault.messaging.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.core.event.EventEnvelope;
import io.gatevault.core.event.RestoreRequested;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/** A restore command's selection (onlyTypes, onlyTags, onlyNames) on gatevault.commands. */
class CommandMapperSelectionTest {

  private static final Instant AT = Instant.parse("2026-11-26T13:00:00Z");

  private final CommandMapper mapper = new CommandMapper();

  @Test
  void aSelectionSurvivesDomainAvroBinaryDomain() throws IOException {
    RestoreRequested sent =
        restore(List.of("route"), List.of("server:site"), List.of("route-a", "host=shop.*"));

    io.gatevault.schemas.avro.Command avro = mapper.toAvro(sent);
    RestoreRequested received =
        (RestoreRequested)
            mapper.toDomain(
                decode(
                    encode(avro, avro.getSchema()),
                    avro.getSchema(),
                    io.gatevault.schemas.avro.Command.getClassSchema()));

    assertThat(received).isEqualTo(sent);
    assertThat(received.onlyNames()).containsExactly("route-a", "host=shop.*");
    assertThat(received.isSelective()).isTrue();
  }

  @Test
  void aRestoreWithoutSelectionIsNotSelectiveAndCarriesEmptyLists() {
    RestoreRequested sent = restore(List.of(), List.of(), List.of());

    io.gatevault.schemas.avro.Command avro = mapper.toAvro(sent);
    io.gatevault.schemas.avro.RestoreRequested payload =
        (io.gatevault.schemas.avro.RestoreRequested) avro.getPayload();

    assertThat(payload.getOnlyTypes()).isEmpty();
    assertThat(payload.getOnlyNames()).isEmpty();
    assertThat(((RestoreRequested) mapper.toDomain(avro)).isSelective()).isFalse();
  }

  @Test
  void aCommandWrittenWithTheFirstReleaseSchemaReadsAsARestoreOfEverything() throws IOException {
    Schema v1 = firstReleaseCommandSchema();
    RestoreRequested sent = restore(List.of(), List.of(), List.of());

    // The selection fields come last, so the first release's fields keep their positions and the
    // current record can be written with the old schema, as a v1 control plane would.
    RestoreRequested received =
        (RestoreRequested)
            mapper.toDomain(
                decode(
                    encode(mapper.toAvro(sent), v1),
                    v1,
                    io.gatevault.schemas.avro.Command.getClassSchema()));

    assertThat(received).isEqualTo(sent);
    assertThat(received.isSelective()).isFalse();
  }

  private static RestoreRequested restore(
      List<String> types, List<String> tags, List<String> names) {
    return new RestoreRequested(
        new EventEnvelope(
            "6d1f7c1e-0a4b-4c55-9d2e-8f3a1b2c3d4e",
            1,
            "Command",
            "control-plane",
            null,
            null,
            AT,
            "caddy-prod"),
        "cmd-selective",
        "caddy-prod",
        "alice",
        AT,
        null,
        AT.minusSeconds(300),
        null,
        null,
        false,
        types,
        tags,
        names);
  }

  /** compat/v1 ships in the schemas jar; shared types are parsed first so Command can name them. */
  private static Schema firstReleaseCommandSchema() throws IOException {
    Schema.Parser parser = new Schema.Parser();
    for (String shared : List.of("BackupType", "EventEnvelope")) {
      try (InputStream type =
          CommandMapperSelectionTest.class.getResourceAsStream(
              "/compat/v1/common/" + shared + ".avsc")) {
        parser.parse(type);
      }
    }
    try (InputStream command =
        CommandMapperSelectionTest.class.getResourceAsStream("/compat/v1/Command.avsc")) {
      return parser.parse(command);
    }
  }

  private static byte[] encode(io.gatevault.schemas.avro.Command command, Schema writer)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<io.gatevault.schemas.avro.Command>(writer).write(command, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  private static io.gatevault.schemas.avro.Command decode(
      byte[] bytes, Schema writer, Schema reader) throws IOException {
    return new SpecificDatumReader<io.gatevault.schemas.avro.Command>(writer, reader)
        .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
  }
}

package io.gatevault.messaging.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.core.event.ArtifactManifest;
import io.gatevault.core.event.ConfigChange;
import io.gatevault.core.event.GatevaultEvent;
import io.gatevault.core.event.SnapshotChunk;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventMappersTest {

  private final EventMappers mappers = new EventMappers();

  static Stream<Arguments> everyEvent() {
    return SampleEvents.all().stream()
        .map(event -> Arguments.of(event.getClass().getSimpleName(), event));
  }

  @ParameterizedTest(name = "{0} maps to Avro and back unchanged")
  @MethodSource("everyEvent")
  void mapsToAvroAndBackUnchanged(String name, GatevaultEvent event) {
    assertThat(mappers.toDomain(mappers.toAvro(event))).isEqualTo(event);
  }

  @ParameterizedTest(name = "{0} survives domain, Avro binary, domain unchanged")
  @MethodSource("everyEvent")
  void survivesAvroBinaryEncodingBetweenMappings(String name, GatevaultEvent event)
      throws IOException {
    SpecificRecord written = mappers.toAvro(event);
    SpecificRecord read = decode(encode(written), written);
    assertThat(mappers.toDomain(read)).isEqualTo(event);
  }

  @Test
  void everyKindOfDomainEventHasAnAvroType() {
    List<Class<?>> eventTypes = new ArrayList<>();
    for (Class<?> permitted : GatevaultEvent.class.getPermittedSubclasses()) {
      eventTypes.add(permitted);
      if (permitted.isSealed()) {
        eventTypes.addAll(List.of(permitted.getPermittedSubclasses()));
      }
    }
    for (Class<?> type : eventTypes) {
      assertThat(mappers.avroTypeOf(type.asSubclass(GatevaultEvent.class)))
          .as("Avro type of %s", type.getSimpleName())
          .isNotNull();
    }
    List<Class<?>> sampled =
        SampleEvents.all().stream().<Class<?>>map(Object::getClass).distinct().toList();
    assertThat(sampled)
        .as("samples cover every concrete event type")
        .containsAll(eventTypes.stream().filter(type -> !type.isInterface()).toList());
  }

  @Test
  void anAvroRecordWithoutMapperIsRejectedByName() {
    SpecificRecord envelopeAlone =
        EventEnvelopeMapper.toAvro(SampleEvents.envelope("ConfigChange", null));
    assertThatThrownBy(() -> mappers.toDomain(envelopeAlone))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("No mapper for Avro record io.gatevault.schemas.avro.EventEnvelope");
  }

  @Test
  void anInvalidValueFromAvroNamesTheEventIdAndTheField() {
    io.gatevault.schemas.avro.ConfigChange avro =
        (io.gatevault.schemas.avro.ConfigChange) mappers.toAvro(SampleEvents.all().get(0));
    avro.setSequence(-1L);
    assertThatThrownBy(() -> mappers.toDomain(avro))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cannot map Avro ConfigChange (eventId ")
        .hasMessageContaining("ConfigChange.sequence must be >= 0, but was -1");
  }

  @Test
  void theMapperForATypeIsTheOneForItsAvroRecord() {
    assertThat(mappers.avroTypeOf(ConfigChange.class))
        .isEqualTo(io.gatevault.schemas.avro.ConfigChange.class);
    assertThat(mappers.avroTypeOf(io.gatevault.core.event.RestoreRequested.class))
        .isEqualTo(io.gatevault.schemas.avro.Command.class);
  }

  @Test
  void aSnapshotChunkWrittenWithoutTheNamingFieldsIsReadAsUnnumberedAndUnnamed()
      throws IOException {
    SnapshotChunk current =
        (SnapshotChunk)
            SampleEvents.all().stream()
                .filter(event -> event instanceof SnapshotChunk chunk && chunk.version() > 0)
                .findFirst()
                .orElseThrow();
    Schema currentSchema = io.gatevault.schemas.avro.SnapshotChunk.getClassSchema();
    Schema firstRelease =
        Schema.createRecord(
            currentSchema.getName(),
            currentSchema.getDoc(),
            currentSchema.getNamespace(),
            false,
            currentSchema.getFields().stream()
                .filter(
                    field ->
                        !List.of("name", "version", "description", "environment")
                            .contains(field.name()))
                .map(field -> new Schema.Field(field, field.schema()))
                .toList());
    // The new fields come last, so the first release's fields keep their positions and the
    // current record can be written with the old schema.
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<SpecificRecord>(firstRelease).write(mappers.toAvro(current), encoder);
    encoder.flush();

    io.gatevault.schemas.avro.SnapshotChunk read =
        new SpecificDatumReader<io.gatevault.schemas.avro.SnapshotChunk>(
                firstRelease, currentSchema)
            .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    SnapshotChunk chunk = (SnapshotChunk) mappers.toDomain(read);

    assertThat(chunk.name()).isNull();
    assertThat(chunk.version()).isEqualTo(SnapshotChunk.UNNUMBERED);
    assertThat(chunk.versionLabel()).isEqualTo("unnumbered");
    assertThat(chunk.description()).isNull();
    assertThat(chunk.environment()).isNull();
    assertThat(chunk.sha256()).isEqualTo(current.sha256());
  }

  @Test
  void anArtifactManifestWrittenWithoutTheWrappedDataKeyIsReadWithNone() throws IOException {
    ArtifactManifest current =
        (ArtifactManifest)
            SampleEvents.all().stream()
                .filter(event -> event instanceof ArtifactManifest m && m.wrappedDataKey() != null)
                .findFirst()
                .orElseThrow();
    Schema currentSchema = io.gatevault.schemas.avro.ArtifactManifest.getClassSchema();
    Schema firstRelease =
        Schema.createRecord(
            currentSchema.getName(),
            currentSchema.getDoc(),
            currentSchema.getNamespace(),
            false,
            currentSchema.getFields().stream()
                .filter(field -> !field.name().equals("wrappedDataKey"))
                .map(field -> new Schema.Field(field, field.schema()))
                .toList());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<SpecificRecord>(firstRelease).write(mappers.toAvro(current), encoder);
    encoder.flush();

    io.gatevault.schemas.avro.ArtifactManifest read =
        new SpecificDatumReader<io.gatevault.schemas.avro.ArtifactManifest>(
                firstRelease, currentSchema)
            .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    ArtifactManifest manifest = (ArtifactManifest) mappers.toDomain(read);

    assertThat(manifest.wrappedDataKey()).isNull();
    assertThat(manifest.sha256()).isEqualTo(current.sha256());
    assertThat(manifest.keyReference()).isEqualTo(current.keyReference());
  }

  private static byte[] encode(SpecificRecord record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  private static SpecificRecord decode(byte[] bytes, SpecificRecord like) throws IOException {
    return new SpecificDatumReader<SpecificRecord>(like.getSchema())
        .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
  }
}

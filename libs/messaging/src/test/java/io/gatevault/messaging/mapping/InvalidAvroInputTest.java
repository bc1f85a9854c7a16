package io.gatevault.messaging.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.core.event.GatevaultEvent;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Avro records built or decoded elsewhere may hold nulls the schema forbids. */
class InvalidAvroInputTest {

  private final EventMappers mappers = new EventMappers();

  private <A> A avroOf(Class<A> type) {
    GatevaultEvent sample =
        SampleEvents.all().stream()
            .filter(event -> mappers.avroTypeOf(event.getClass()).equals(type))
            .findFirst()
            .orElseThrow();
    return type.cast(mappers.toAvro(sample));
  }

  @Test
  void aNullRequiredStringIsNamed() {
    io.gatevault.schemas.avro.ConfigChange avro =
        avroOf(io.gatevault.schemas.avro.ConfigChange.class);
    avro.setGatewayId(null);
    assertThatThrownBy(() -> new ConfigChangeMapper().toDomain(avro))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Avro field ConfigChange.gatewayId is null but required: the producer wrote an"
                + " invalid record");
  }

  @Test
  void aNullNestedRecordIsNamedInsteadOfFailingWithANullPointer() {
    io.gatevault.schemas.avro.ConfigChange avro =
        avroOf(io.gatevault.schemas.avro.ConfigChange.class);
    avro.setSource(null);
    assertThatThrownBy(() -> mappers.toDomain(avro))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ConfigChange.source is null but required");
  }

  @Test
  void aNullEnumIsNamed() {
    io.gatevault.schemas.avro.VerificationResult avro =
        avroOf(io.gatevault.schemas.avro.VerificationResult.class);
    avro.setStatus(null);
    assertThatThrownBy(() -> mappers.toDomain(avro))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("VerificationResult.status is null but required");
  }

  @Test
  void aNullFieldInsideTheEnvelopeIsNamedWithItsPath() {
    io.gatevault.schemas.avro.AuditRecord avro =
        avroOf(io.gatevault.schemas.avro.AuditRecord.class);
    avro.getEnvelope().setProducer(null);
    assertThatThrownBy(() -> mappers.toDomain(avro))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AuditRecord.envelope.producer is null but required");
  }

  @Test
  void aNullElementOfAListIsNamedWithItsIndex() {
    io.gatevault.schemas.avro.VerificationResult avro =
        avroOf(io.gatevault.schemas.avro.VerificationResult.class);
    io.gatevault.schemas.avro.VerificationCheck first = avro.getChecks().get(0);
    first.setDetail(null);
    assertThatThrownBy(() -> mappers.toDomain(avro))
        .hasMessageContaining("VerificationResult.checks[0].detail is null but required");
  }

  @Test
  void aCommandWithoutPayloadIsNamed() {
    io.gatevault.schemas.avro.Command avro = avroOf(io.gatevault.schemas.avro.Command.class);
    avro.setPayload(null);
    assertThatThrownBy(() -> mappers.toDomain(avro))
        .hasMessageContaining("Command.payload is null but required");
  }

  @Test
  void aNullRequiredTimestampIsNamedForEveryEvent() {
    // Every event has at least one required timestamp; clearing each in turn must name it.
    for (GatevaultEvent sample : SampleEvents.all()) {
      org.apache.avro.specific.SpecificRecord avro = mappers.toAvro(sample);
      for (org.apache.avro.Schema.Field field : avro.getSchema().getFields()) {
        if (field.schema().getLogicalType() != null) {
          org.apache.avro.specific.SpecificRecord broken = mappers.toAvro(sample);
          broken.put(field.pos(), null);
          assertThatThrownBy(() -> mappers.toDomain(broken))
              .as("%s.%s", avro.getSchema().getName(), field.name())
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessageContaining(avro.getSchema().getName() + "." + field.name());
        }
      }
    }
  }

  @Test
  void domainAndAvroEnumsHaveTheSameSymbols() {
    List<Class<? extends Enum<?>>[]> pairs =
        List.of(
            pair(
                io.gatevault.core.event.ChangeOperation.class,
                io.gatevault.schemas.avro.ChangeOperation.class),
            pair(
                io.gatevault.core.event.BackupType.class,
                io.gatevault.schemas.avro.BackupType.class),
            pair(
                io.gatevault.core.event.ArtifactKind.class,
                io.gatevault.schemas.avro.ArtifactKind.class),
            pair(
                io.gatevault.core.event.StorageMedium.class,
                io.gatevault.schemas.avro.StorageMedium.class),
            pair(
                io.gatevault.core.event.VerificationStatus.class,
                io.gatevault.schemas.avro.VerificationStatus.class),
            pair(
                io.gatevault.core.event.AuditOutcome.class,
                io.gatevault.schemas.avro.AuditOutcome.class));
    for (Class<? extends Enum<?>>[] pair : pairs) {
      assertThat(names(pair[0])).as(pair[0].getSimpleName()).isEqualTo(names(pair[1]));
    }
  }

  @SafeVarargs
  private static Class<? extends Enum<?>>[] pair(Class<? extends Enum<?>>... types) {
    return types;
  }

  private static List<String> names(Class<? extends Enum<?>> type) {
    return Stream.of(type.getEnumConstants()).map(Enum::name).toList();
  }
}

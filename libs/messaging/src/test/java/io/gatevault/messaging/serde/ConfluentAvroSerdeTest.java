package io.gatevault.messaging.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ConfluentAvroSerdeTest {

  private static final Schema GREETING =
      new Schema.Parser()
          .parse(
              "{\"type\":\"record\",\"name\":\"Greeting\",\"namespace\":\"test.serde\",\"fields\":["
                  + "{\"name\":\"text\",\"type\":\"string\"}]}");

  private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

  private Map<String, Object> config() {
    Map<String, Object> config = new HashMap<>();
    config.put(AvroSerdeConfig.SCHEMA_REGISTRY_CLIENT, registry);
    return config;
  }

  private ConfluentAvroSerializer serializer(Map<String, Object> config) {
    ConfluentAvroSerializer serializer = new ConfluentAvroSerializer();
    serializer.configure(config, false);
    return serializer;
  }

  private ConfluentAvroDeserializer deserializer(Map<String, Object> config) {
    ConfluentAvroDeserializer deserializer = new ConfluentAvroDeserializer();
    deserializer.configure(config, false);
    return deserializer;
  }

  private static GenericRecord greeting(String text) {
    GenericRecord record = new GenericData.Record(GREETING);
    record.put("text", text);
    return record;
  }

  @Test
  void framedRecordStartsWithMagicByteAndBigEndianSchemaId() {
    byte[] framed = serializer(config()).serialize("greetings", greeting("hi"));

    int id = registry.lookup("greetings-value", GREETING.toString()).id();
    assertThat(framed[0]).isEqualTo((byte) 0);
    assertThat(ByteBuffer.wrap(framed, 1, 4).getInt()).isEqualTo(id);
  }

  @Test
  void genericRecordSurvivesTheRoundTrip() {
    byte[] framed = serializer(config()).serialize("greetings", greeting("hello"));

    Object decoded = deserializer(config()).deserialize("greetings", framed);

    assertThat(decoded).isInstanceOf(GenericRecord.class);
    assertThat(((GenericRecord) decoded).get("text").toString()).isEqualTo("hello");
  }

  @Test
  void primitiveStringSurvivesTheRoundTripAsString() {
    byte[] framed = serializer(config()).serialize("names", "gateway-1");

    assertThat(deserializer(config()).deserialize("names", framed)).isEqualTo("gateway-1");
  }

  @Test
  void nullDataIsNullBothWays() {
    assertThat(serializer(config()).serialize("greetings", null)).isNull();
    assertThat(deserializer(config()).deserialize("greetings", null)).isNull();
  }

  @Test
  void recordWithoutMagicByteIsUndecodableNamingTopicAndByte() {
    byte[] json = "{\"text\":\"hi\"}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> deserializer(config()).deserialize("greetings", json))
        .isInstanceOf(UndecodableRecordException.class)
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("topic 'greetings'")
        .hasMessageContaining("0x7b")
        .hasMessageContaining("dead-letter");
  }

  @Test
  void decodeNamesPartitionAndOffsetWhenTheCallerKnowsThem() {
    ConfluentAvroDeserializer deserializer = deserializer(config());

    assertThatThrownBy(
            () ->
                deserializer.decode(new byte[] {0, 0, 1}, new RecordLocation("greetings", 3, 17L)))
        .isInstanceOf(UndecodableRecordException.class)
        .hasMessageContaining("topic 'greetings' partition 3 offset 17")
        .hasMessageContaining("truncated");
  }

  @Test
  void unknownSchemaIdIsUndecodableNamingTheId() {
    byte[] framed = {0, 0, 0, 0x30, 0x39, 2, 'x'};

    assertThatThrownBy(() -> deserializer(config()).deserialize("greetings", framed))
        .isInstanceOf(UndecodableRecordException.class)
        .hasMessageContaining("schema id 12345");
  }

  @Test
  void unregisteredSchemaWithoutAutoRegisterIsRefusedSayingHowToFixIt() {
    Map<String, Object> config = config();
    config.put(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "false");

    assertThatThrownBy(() -> serializer(config).serialize("greetings", greeting("hi")))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("not registered under subject 'greetings-value'")
        .hasMessageContaining("auto.register.schemas");
  }

  @Test
  void missingRegistryUrlIsAConfigErrorNamingTheKey() {
    assertThatThrownBy(() -> new ConfluentAvroSerializer().configure(Map.of(), false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schema.registry.url");
  }

  @Test
  void subjectStrategiesAcceptShortAndConfluentClassNames() {
    assertThat(SubjectNameStrategy.parse("k", "RecordNameStrategy"))
        .isEqualTo(SubjectNameStrategy.RECORD_NAME);
    assertThat(
            SubjectNameStrategy.parse(
                "k", "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy"))
        .isEqualTo(SubjectNameStrategy.TOPIC_RECORD_NAME);
    assertThatThrownBy(() -> SubjectNameStrategy.parse("value.subject.name.strategy", "Nope"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("value.subject.name.strategy");
  }

  @Test
  void subjectStrategiesNameSubjectsAsConfluentDoes() {
    assertThat(SubjectNameStrategy.TOPIC_NAME.subjectFor("t", true, GREETING)).isEqualTo("t-key");
    assertThat(SubjectNameStrategy.TOPIC_NAME.subjectFor("t", false, GREETING))
        .isEqualTo("t-value");
    assertThat(SubjectNameStrategy.RECORD_NAME.subjectFor("t", false, GREETING))
        .isEqualTo("test.serde.Greeting");
    assertThat(SubjectNameStrategy.TOPIC_RECORD_NAME.subjectFor("t", false, GREETING))
        .isEqualTo("t-test.serde.Greeting");
  }
}

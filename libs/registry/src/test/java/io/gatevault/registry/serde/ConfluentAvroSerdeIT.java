package io.gatevault.registry.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.messaging.registry.RestSchemaRegistryClient;
import io.gatevault.messaging.serde.AvroSerdeConfig;
import io.gatevault.messaging.serde.ConfluentAvroDeserializer;
import io.gatevault.messaging.serde.ConfluentAvroSerializer;
import io.gatevault.messaging.serde.SubjectNameStrategy;
import io.gatevault.messaging.serde.UndecodableRecordException;
import io.gatevault.registry.EmbeddedSchemaRegistry;
import io.gatevault.registry.serde.avro.Greeting;
import io.gatevault.testsupport.SharedKafka;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The serializer and deserializer against the embedded registry over HTTP, persisting to the shared
 * real Kafka broker. Each test gets a fresh registry topic so subjects never collide.
 */
class ConfluentAvroSerdeIT {

  /** Version 1 of {@link Greeting}: before the defaulted 'language' field was added. */
  private static final Schema GREETING_V1 =
      new Schema.Parser()
          .parse(
              "{\"type\":\"record\",\"name\":\"Greeting\",\"namespace\":"
                  + "\"io.gatevault.registry.serde.avro\",\"fields\":["
                  + "{\"name\":\"text\",\"type\":\"string\"}]}");

  private EmbeddedSchemaRegistry registry;
  private String url;
  private String topic;

  @BeforeEach
  void startRegistry() {
    registry =
        EmbeddedSchemaRegistry.builder()
            .bootstrapServers(SharedKafka.bootstrapServers())
            .topic("_gatevault_schemas_serde_" + UUID.randomUUID())
            .build();
    url = registry.start();
    topic = "greetings-" + UUID.randomUUID();
  }

  /** The shared broker does not auto-create topics, like a production cluster. */
  private void createTopic() {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    } catch (Exception e) {
      throw new AssertionError("Could not create topic " + topic, e);
    }
  }

  @AfterEach
  void stopRegistry() {
    registry.close();
  }

  private Map<String, Object> config(SubjectNameStrategy strategy, boolean autoRegister) {
    Map<String, Object> config = new HashMap<>();
    config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, url);
    config.put(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, autoRegister);
    config.put(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, strategy.confluentName());
    return config;
  }

  private static ConfluentAvroSerializer serializer(Map<String, Object> config) {
    ConfluentAvroSerializer serializer = new ConfluentAvroSerializer();
    serializer.configure(config, false);
    return serializer;
  }

  private static ConfluentAvroDeserializer deserializer(
      Map<String, Object> config, boolean specific) {
    Map<String, Object> withReader = new HashMap<>(config);
    withReader.put(AvroSerdeConfig.SPECIFIC_AVRO_READER, specific);
    ConfluentAvroDeserializer deserializer = new ConfluentAvroDeserializer();
    deserializer.configure(withReader, false);
    return deserializer;
  }

  private static GenericRecord greetingV1(String text) {
    GenericRecord record = new GenericData.Record(GREETING_V1);
    record.put("text", text);
    return record;
  }

  @ParameterizedTest
  @EnumSource(SubjectNameStrategy.class)
  void genericRecordRoundTripsAndIsRegisteredUnderTheStrategysSubject(
      SubjectNameStrategy strategy) {
    Map<String, Object> config = config(strategy, true);

    byte[] framed = serializer(config).serialize(topic, greetingV1("hello"));
    Object read = deserializer(config, false).deserialize(topic, framed);

    assertThat(read).isInstanceOf(GenericRecord.class);
    assertThat(((GenericRecord) read).get("text").toString()).isEqualTo("hello");
    String subject = strategy.subjectFor(topic, false, GREETING_V1);
    assertThat(RestSchemaRegistryClient.forUrls(url).subjects()).containsExactly(subject);
    assertThat(ByteBuffer.wrap(framed, 1, 4).getInt())
        .isEqualTo(RestSchemaRegistryClient.forUrls(url).latestVersion(subject).id());
  }

  @ParameterizedTest
  @EnumSource(SubjectNameStrategy.class)
  void specificRecordRoundTripsWithAutoRegisterOffOnceItsSchemaIsRegistered(
      SubjectNameStrategy strategy) {
    String subject = strategy.subjectFor(topic, false, Greeting.getClassSchema());
    RestSchemaRegistryClient.forUrls(url).register(subject, Greeting.getClassSchema().toString());
    Map<String, Object> config = config(strategy, false);
    Greeting greeting = Greeting.newBuilder().setText("bonjour").setLanguage("fr").build();

    byte[] framed = serializer(config).serialize(topic, greeting);
    Object read = deserializer(config, true).deserialize(topic, framed);

    assertThat(read).isInstanceOf(Greeting.class).isEqualTo(greeting);
  }

  @ParameterizedTest
  @EnumSource(SubjectNameStrategy.class)
  void unregisteredSchemaWithAutoRegisterOffIsRefusedNamingSubjectAndSetting(
      SubjectNameStrategy strategy) {
    Map<String, Object> config = config(strategy, false);
    String subject = strategy.subjectFor(topic, false, GREETING_V1);

    assertThatThrownBy(() -> serializer(config).serialize(topic, greetingV1("hi")))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("is not registered under subject '" + subject + "'")
        .hasMessageContaining("auto.register.schemas=false")
        .hasMessageContaining(url);
    assertThat(RestSchemaRegistryClient.forUrls(url).subjects()).isEmpty();
  }

  @Test
  void recordWrittenWithVersion1IsReadByTheVersion2ClassWithTheDefaultFilledIn() {
    Map<String, Object> config = config(SubjectNameStrategy.TOPIC_NAME, true);
    byte[] framed = serializer(config).serialize(topic, greetingV1("hello"));

    Object read = deserializer(config, true).deserialize(topic, framed);

    assertThat(read).isInstanceOf(Greeting.class);
    assertThat(((Greeting) read).getText()).isEqualTo("hello");
    assertThat(((Greeting) read).getLanguage()).isEqualTo("en");
  }

  @Test
  void version2IsAcceptedAsABackwardCompatibleEvolutionOfVersion1() {
    Map<String, Object> config = config(SubjectNameStrategy.TOPIC_NAME, true);
    byte[] v1 = serializer(config).serialize(topic, greetingV1("old"));
    byte[] v2 =
        serializer(config)
            .serialize(topic, Greeting.newBuilder().setText("new").setLanguage("de").build());

    assertThat(RestSchemaRegistryClient.forUrls(url).versions(topic + "-value"))
        .containsExactly(1, 2);
    ConfluentAvroDeserializer generic = deserializer(config, false);
    assertThat(((GenericRecord) generic.deserialize(topic, v1)).getSchema().getFields()).hasSize(1);
    assertThat(((GenericRecord) generic.deserialize(topic, v2)).get("language").toString())
        .isEqualTo("de");
  }

  @Test
  void useLatestVersionFramesRecordsWithTheLatestSchemaId() {
    RestSchemaRegistryClient client = RestSchemaRegistryClient.forUrls(url);
    client.register(topic + "-value", GREETING_V1.toString());
    int latestId = client.register(topic + "-value", Greeting.getClassSchema().toString());
    Map<String, Object> config = config(SubjectNameStrategy.TOPIC_NAME, false);
    config.put(AvroSerdeConfig.USE_LATEST_VERSION, true);

    byte[] framed = serializer(config).serialize(topic, greetingV1("converted"));

    assertThat(ByteBuffer.wrap(framed, 1, 4).getInt()).isEqualTo(latestId);
    Greeting read = (Greeting) deserializer(config, true).deserialize(topic, framed);
    assertThat(read.getText()).isEqualTo("converted");
    assertThat(read.getLanguage()).isEqualTo("en");
  }

  @Test
  void unknownSchemaIdIsUndecodableNamingTheIdAndTheRegistry() {
    Map<String, Object> config = config(SubjectNameStrategy.TOPIC_NAME, true);
    byte[] framed = {0, 0, 0x0f, 0x42, 0x40, 2, 'x'};

    assertThatThrownBy(() -> deserializer(config, false).deserialize(topic, framed))
        .isInstanceOf(UndecodableRecordException.class)
        .hasMessageContaining("schema id 1000000")
        .hasMessageContaining(url);
  }

  @Test
  void recordsTravelThroughKafkaWithSerdesThatKafkaCreatesFromConfig() {
    Map<String, Object> producerConfig =
        new HashMap<>(config(SubjectNameStrategy.TOPIC_NAME, true));
    producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
    producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ConfluentAvroSerializer.class);
    Greeting greeting = Greeting.newBuilder().setText("over kafka").setLanguage("nl").build();
    createTopic();
    try (KafkaProducer<String, Object> producer = new KafkaProducer<>(producerConfig)) {
      producer.send(new ProducerRecord<>(topic, "gw-1", greeting)).get();
    } catch (Exception e) {
      throw new AssertionError("Could not produce to " + topic, e);
    }

    try (KafkaConsumer<String, Object> consumer = consumer()) {
      List<Object> values = pollValues(consumer, 1);
      assertThat(values).containsExactly(greeting);
    }
  }

  @Test
  void plainJsonOnTheTopicSurfacesAsUndecodableWithPartitionAndOffset() throws Exception {
    createTopic();
    Map<String, Object> producerConfig = new HashMap<>();
    producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  topic, null, "{\"text\":\"raw\"}".getBytes(StandardCharsets.UTF_8)))
          .get();
    }

    try (KafkaConsumer<String, Object> consumer = consumer()) {
      assertThatThrownBy(() -> pollValues(consumer, 1))
          .isInstanceOf(RecordDeserializationException.class)
          .satisfies(
              e -> {
                RecordDeserializationException failure = (RecordDeserializationException) e;
                assertThat(failure.topicPartition().topic()).isEqualTo(topic);
                assertThat(failure.offset()).isZero();
                assertThat(failure.getCause())
                    .isInstanceOf(UndecodableRecordException.class)
                    .hasMessageContaining("topic '" + topic + "'")
                    .hasMessageContaining("0x7b");
              });
    }
  }

  private KafkaConsumer<String, Object> consumer() {
    Map<String, Object> consumerConfig =
        new HashMap<>(config(SubjectNameStrategy.TOPIC_NAME, true));
    consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
    consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "serde-it-" + UUID.randomUUID());
    consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    consumerConfig.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ConfluentAvroDeserializer.class.getName());
    consumerConfig.put(AvroSerdeConfig.SPECIFIC_AVRO_READER, "true");
    KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(consumerConfig);
    consumer.subscribe(List.of(topic));
    return consumer;
  }

  private static List<Object> pollValues(KafkaConsumer<String, Object> consumer, int expected) {
    List<Object> values = new java.util.ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (values.size() < expected && System.nanoTime() < deadline) {
      ConsumerRecords<String, Object> records = consumer.poll(Duration.ofMillis(200));
      records.forEach(record -> values.add(record.value()));
    }
    return values;
  }
}

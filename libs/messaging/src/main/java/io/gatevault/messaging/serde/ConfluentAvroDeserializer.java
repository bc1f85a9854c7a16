package io.gatevault.messaging.serde;

import io.gatevault.messaging.registry.LruCache;
import io.gatevault.messaging.registry.SchemaNotFoundException;
import io.gatevault.messaging.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.Utf8;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-framed Avro records. Returns {@code GenericRecord}s with the writer's schema, or,
 * with {@code specific.avro.reader=true}, the generated class named like the writer schema,
 * resolved from the writer schema to the class's own schema (so a newer class reads older records).
 *
 * <p>Failures: {@link UndecodableRecordException} for records that can never be read (poison); a
 * plain {@link SerializationException} whose cause {@link SchemaRegistryException#isRetriable() is
 * retriable} when the registry could not be reached.
 */
public class ConfluentAvroDeserializer implements Deserializer<Object> {

  private AvroSerdeConfig config;
  private ClassLoader classLoader;
  private LruCache<Integer, DatumReader<Object>> readers;

  public ConfluentAvroDeserializer() {}

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.config = AvroSerdeConfig.from(configs, isKey);
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    this.classLoader = context != null ? context : ConfluentAvroDeserializer.class.getClassLoader();
    this.readers = new LruCache<>(1000);
  }

  @Override
  public Object deserialize(String topic, byte[] data) {
    return deserialize(topic, null, data);
  }

  @Override
  public Object deserialize(String topic, Headers headers, byte[] data) {
    if (data == null) {
      return null;
    }
    return decode(data, RecordLocation.ofTopic(topic));
  }

  /**
   * Decodes one framed record; for callers that know the record's partition and offset, which then
   * appear in error messages.
   */
  public Object decode(byte[] data, RecordLocation location) {
    if (config == null) {
      throw new IllegalStateException(
          "ConfluentAvroDeserializer used before configure(): pass its settings through"
              + " configure()");
    }
    int schemaId = ConfluentWireFormat.schemaId(data, location);
    DatumReader<Object> reader = readers.computeIfAbsent(schemaId, id -> reader(id, location));
    try {
      Object value =
          reader.read(
              null,
              DecoderFactory.get()
                  .binaryDecoder(
                      data,
                      ConfluentWireFormat.HEADER_LENGTH,
                      data.length - ConfluentWireFormat.HEADER_LENGTH,
                      null));
      return value instanceof Utf8 ? value.toString() : value;
    } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
      throw new UndecodableRecordException(
          location,
          "Record in "
              + location
              + " names schema id "
              + schemaId
              + " but its bytes do not decode with that schema ("
              + e
              + "); the producer framed it wrongly. Send it to the dead-letter topic.",
          e);
    }
  }

  private DatumReader<Object> reader(int schemaId, RecordLocation location) {
    Schema writer = writerSchema(schemaId, location);
    if (!config.specificAvroReader() || !isNamed(writer)) {
      return new GenericDatumReader<>(writer);
    }
    SpecificData lookup = new SpecificData(classLoader);
    Class<?> generated = lookup.getClass(writer);
    if (generated == null || !SpecificRecord.class.isAssignableFrom(generated)) {
      throw new SerializationException(
          "specific.avro.reader=true but no generated class "
              + writer.getFullName()
              + " (for schema id "
              + schemaId
              + ", "
              + location
              + ") is on the classpath; add the module with the generated classes or set"
              + " specific.avro.reader=false to get GenericRecords.");
    }
    SpecificData model = SpecificData.getForClass(generated);
    Schema readerSchema = model.getSchema(generated);
    return new SpecificDatumReader<>(writer, readerSchema, model);
  }

  private Schema writerSchema(int schemaId, RecordLocation location) {
    String text;
    try {
      text = config.client().schemaById(schemaId);
    } catch (SchemaNotFoundException e) {
      throw new UndecodableRecordException(
          location,
          "Record in "
              + location
              + " was written with schema id "
              + schemaId
              + ", which "
              + config.registryDescription()
              + " does not know. The producer used another registry, or this registry lost its"
              + " schemas; point schema.registry.url at the producer's registry, or send the record"
              + " to the dead-letter topic.",
          e);
    } catch (SchemaRegistryException e) {
      throw new SerializationException(
          "Could not fetch schema id "
              + schemaId
              + " for a record in "
              + location
              + ": "
              + e.getMessage(),
          e);
    }
    try {
      return new Schema.Parser().parse(text);
    } catch (SchemaParseException e) {
      throw new UndecodableRecordException(
          location,
          "Schema id " + schemaId + " from the registry is not valid Avro: " + e.getMessage(),
          e);
    }
  }

  private static boolean isNamed(Schema schema) {
    return schema.getType() == Schema.Type.RECORD
        || schema.getType() == Schema.Type.ENUM
        || schema.getType() == Schema.Type.FIXED;
  }
}

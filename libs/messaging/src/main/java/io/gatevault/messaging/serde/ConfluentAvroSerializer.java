package io.gatevault.messaging.serde;

import io.gatevault.messaging.registry.LruCache;
import io.gatevault.messaging.registry.RegisteredSchema;
import io.gatevault.messaging.registry.SchemaNotFoundException;
import io.gatevault.messaging.registry.SchemaRegistryException;
import io.gatevault.messaging.registry.SubjectNotFoundException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records (generated {@link SpecificRecord}s, {@code GenericRecord}s, and Avro
 * primitives) in the Confluent wire format against a Confluent-compatible registry. Settings: see
 * {@link AvroSerdeConfig}. Kafka creates it through the public no-arg constructor and calls {@link
 * #configure}.
 */
public class ConfluentAvroSerializer implements Serializer<Object> {

  private static final int WRITER_CACHE_CAPACITY = 1000;

  private AvroSerdeConfig config;
  private boolean isKey;
  private LruCache<SubjectSchema, WritePlan> plans;
  private final LruCache<WriterKey, DatumWriter<Object>> writers =
      new LruCache<>(WRITER_CACHE_CAPACITY);

  private record SubjectSchema(String subject, Schema schema) {}

  private record WriterKey(Schema schema, boolean specific) {}

  /** The id to frame with and the schema to write, which differs only with use.latest.version. */
  private record WritePlan(int schemaId, Schema writerSchema, boolean convert) {}

  public ConfluentAvroSerializer() {}

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.config = AvroSerdeConfig.from(configs, isKey);
    this.isKey = isKey;
    this.plans = new LruCache<>(WRITER_CACHE_CAPACITY);
  }

  @Override
  public byte[] serialize(String topic, Object data) {
    return serialize(topic, null, data);
  }

  @Override
  public byte[] serialize(String topic, Headers headers, Object data) {
    if (data == null) {
      return null;
    }
    if (config == null) {
      throw new IllegalStateException(
          "ConfluentAvroSerializer used before configure(): pass its settings through configure()");
    }
    Object datum = data instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : data;
    Schema schema = schemaOf(datum);
    String subject = config.subjectNameStrategy().subjectFor(topic, isKey, schema);
    WritePlan plan =
        plans.computeIfAbsent(new SubjectSchema(subject, schema), key -> plan(key, topic));
    Object toWrite = plan.convert() ? convert(datum, schema, plan.writerSchema()) : datum;
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    byte[] header = new byte[ConfluentWireFormat.HEADER_LENGTH];
    ConfluentWireFormat.writeHeader(header, plan.schemaId());
    out.writeBytes(header);
    write(toWrite, plan.writerSchema(), out, subject);
    return out.toByteArray();
  }

  private WritePlan plan(SubjectSchema key, String topic) {
    String subject = key.subject();
    String schemaText = key.schema().toString();
    try {
      if (config.useLatestVersion()) {
        RegisteredSchema latest = config.client().latestVersion(subject);
        Schema latestSchema = new Schema.Parser().parse(latest.schema());
        boolean same = latestSchema.equals(key.schema());
        if (!same
            && SchemaCompatibility.checkReaderWriterCompatibility(latestSchema, key.schema())
                    .getType()
                != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
          throw new SerializationException(
              "use.latest.version=true but the latest schema of subject '"
                  + subject
                  + "' (version "
                  + latest.version()
                  + ", id "
                  + latest.id()
                  + ") cannot read records of schema "
                  + key.schema().getFullName()
                  + " as the producer builds them; update the producer's schema or register a"
                  + " newer compatible version.");
        }
        return new WritePlan(latest.id(), latestSchema, !same);
      }
      if (config.autoRegisterSchemas()) {
        return new WritePlan(config.client().register(subject, schemaText), key.schema(), false);
      }
      return new WritePlan(config.client().lookup(subject, schemaText).id(), key.schema(), false);
    } catch (SchemaNotFoundException | SubjectNotFoundException e) {
      throw new SerializationException(
          "Schema "
              + key.schema().getFullName()
              + " is not registered under subject '"
              + subject
              + "' in "
              + config.registryDescription()
              + ", and "
              + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS
              + "=false forbids registering it now. Register it first (POST /subjects/"
              + subject
              + "/versions) or set "
              + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS
              + "=true. Registry said: "
              + e.getMessage(),
          e);
    } catch (SchemaRegistryException e) {
      throw new SerializationException(
          "Could not get a schema id for a record to topic '"
              + topic
              + "' (subject '"
              + subject
              + "'): "
              + e.getMessage(),
          e);
    }
  }

  private static Schema schemaOf(Object datum) {
    if (datum instanceof GenericContainer container) {
      return container.getSchema();
    }
    if (datum instanceof CharSequence) {
      return Schema.create(Schema.Type.STRING);
    }
    if (datum instanceof Integer) {
      return Schema.create(Schema.Type.INT);
    }
    if (datum instanceof Long) {
      return Schema.create(Schema.Type.LONG);
    }
    if (datum instanceof Float) {
      return Schema.create(Schema.Type.FLOAT);
    }
    if (datum instanceof Double) {
      return Schema.create(Schema.Type.DOUBLE);
    }
    if (datum instanceof Boolean) {
      return Schema.create(Schema.Type.BOOLEAN);
    }
    if (datum instanceof ByteBuffer) {
      return Schema.create(Schema.Type.BYTES);
    }
    throw new SerializationException(
        "Cannot serialize a "
            + datum.getClass().getName()
            + " as Avro: pass a generated SpecificRecord, a GenericRecord, or an Avro primitive"
            + " (String, Integer, Long, Float, Double, Boolean, byte[]).");
  }

  /** Re-reads the datum through Avro schema resolution so that it fits the registry's schema. */
  private Object convert(Object datum, Schema own, Schema target) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(128);
    write(datum, own, buffer, own.getFullName());
    try {
      return new GenericDatumReader<>(own, target)
          .read(null, DecoderFactory.get().binaryDecoder(buffer.toByteArray(), null));
    } catch (IOException | AvroRuntimeException e) {
      throw new SerializationException(
          "Could not convert a " + own.getFullName() + " record to the latest registered schema",
          e);
    }
  }

  private void write(Object datum, Schema schema, ByteArrayOutputStream out, String subject) {
    boolean specific = datum instanceof SpecificRecord;
    DatumWriter<Object> writer =
        writers.computeIfAbsent(
            new WriterKey(schema, specific),
            key ->
                key.specific()
                    ? new SpecificDatumWriter<>(key.schema())
                    : new GenericDatumWriter<>(key.schema(), GenericData.get()));
    try {
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
      writer.write(datum, encoder);
      encoder.flush();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "Record for subject '"
              + subject
              + "' does not match its schema "
              + schema.getFullName()
              + ": "
              + e.getMessage(),
          e);
    }
  }
}

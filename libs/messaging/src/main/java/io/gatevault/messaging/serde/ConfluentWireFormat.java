package io.gatevault.messaging.serde;

import java.nio.ByteBuffer;

/**
 * The Confluent wire format: one magic byte 0, the schema id as a 4-byte big-endian int, then the
 * Avro binary encoding of the datum (no container header).
 */
public final class ConfluentWireFormat {

  public static final byte MAGIC_BYTE = 0;
  public static final int HEADER_LENGTH = 5;

  private ConfluentWireFormat() {}

  /** Writes the 5-byte header for {@code schemaId} into the first bytes of {@code target}. */
  static void writeHeader(byte[] target, int schemaId) {
    ByteBuffer.wrap(target).put(MAGIC_BYTE).putInt(schemaId);
  }

  /**
   * Reads the schema id from a framed record.
   *
   * @throws UndecodableRecordException when the record is too short or its first byte is not 0
   */
  public static int schemaId(byte[] record, RecordLocation location) {
    if (record.length == 0 || record[0] != MAGIC_BYTE) {
      String seen =
          record.length == 0 ? "an empty record" : String.format("first byte 0x%02x", record[0]);
      throw new UndecodableRecordException(
          location,
          "Record in "
              + location
              + " is not in the Confluent wire format: found "
              + seen
              + " where magic byte 0x00 was expected. It was written by a producer that does not use"
              + " a schema-registry Avro serializer (e.g. plain JSON or string); send it to the"
              + " dead-letter topic, or read this topic with the deserializer its producer used.");
    }
    if (record.length < HEADER_LENGTH) {
      throw new UndecodableRecordException(
          location,
          "Record in "
              + location
              + " is truncated: "
              + record.length
              + " byte(s), but the Confluent wire format needs at least "
              + HEADER_LENGTH
              + " (magic byte + 4-byte schema id); send it to the dead-letter topic.");
    }
    return ByteBuffer.wrap(record, 1, 4).getInt();
  }
}

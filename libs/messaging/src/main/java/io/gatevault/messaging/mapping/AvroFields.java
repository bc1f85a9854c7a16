package io.gatevault.messaging.mapping;

/**
 * Reads Avro fields that the domain cannot receive as null. Generated Avro classes accept null in
 * any field through their setters and constructors, so a record decoded or built elsewhere may
 * break the schema; this turns that into a message naming the field instead of a bare NPE.
 */
final class AvroFields {

  private AvroFields() {}

  static <T> T required(T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(
          "Avro field " + field + " is null but required: the producer wrote an invalid record");
    }
    return value;
  }

  /** The domain enum constant with the same name as the Avro symbol. */
  static <E extends Enum<E>> E sameSymbol(Enum<?> avroSymbol, Class<E> domainType, String field) {
    required(avroSymbol, field);
    try {
      return Enum.valueOf(domainType, avroSymbol.name());
    } catch (IllegalArgumentException unknown) {
      throw new IllegalArgumentException(
          "Avro field "
              + field
              + " has symbol "
              + avroSymbol.name()
              + " that "
              + domainType.getSimpleName()
              + " does not define: add it to the domain enum",
          unknown);
    }
  }

  /** The Avro enum constant with the same name as the domain constant. */
  static <E extends Enum<E>> E avroSymbol(Enum<?> domainValue, Class<E> avroType) {
    return Enum.valueOf(avroType, domainValue.name());
  }
}

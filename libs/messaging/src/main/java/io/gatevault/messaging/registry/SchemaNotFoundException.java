package io.gatevault.messaging.registry;

/**
 * No schema with that id, or the schema is not registered under the subject (error 40403).
 * Permanent: retrying the same request cannot help.
 */
public class SchemaNotFoundException extends SchemaRegistryException {

  public SchemaNotFoundException(String message, int httpStatus, int errorCode) {
    super(message, httpStatus, errorCode);
  }
}

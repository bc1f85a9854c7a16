package io.gatevault.messaging.registry;

/**
 * The registry refused a schema because it breaks the subject's compatibility level (HTTP 409). The
 * message carries the registry's own explanation of each incompatibility. Permanent: change the
 * schema (for example give the new field a default) or the subject's compatibility level.
 */
public class IncompatibleSchemaException extends SchemaRegistryException {

  public IncompatibleSchemaException(String message, int httpStatus, int errorCode) {
    super(message, httpStatus, errorCode);
  }
}

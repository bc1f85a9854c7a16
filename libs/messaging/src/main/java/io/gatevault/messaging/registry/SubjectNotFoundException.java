package io.gatevault.messaging.registry;

/**
 * The subject does not exist in the registry (error 40401). Permanent: retrying the same request
 * cannot help.
 */
public class SubjectNotFoundException extends SchemaRegistryException {

  public SubjectNotFoundException(String message, int httpStatus, int errorCode) {
    super(message, httpStatus, errorCode);
  }
}

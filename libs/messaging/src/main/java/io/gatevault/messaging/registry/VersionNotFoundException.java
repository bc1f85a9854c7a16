package io.gatevault.messaging.registry;

/**
 * The subject exists but has no such version (error 40402). Permanent: retrying the same request
 * cannot help.
 */
public class VersionNotFoundException extends SchemaRegistryException {

  public VersionNotFoundException(String message, int httpStatus, int errorCode) {
    super(message, httpStatus, errorCode);
  }
}

package io.gatevault.registry;

/**
 * A request the registry answers with an error, carrying the HTTP status and the Confluent {@code
 * error_code} that clients of the Confluent API key their handling on.
 */
final class RegistryError extends RuntimeException {

  private final int httpStatus;
  private final int errorCode;

  RegistryError(int httpStatus, int errorCode, String message) {
    super(message);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  RegistryError(int httpStatus, int errorCode, String message, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  int httpStatus() {
    return httpStatus;
  }

  int errorCode() {
    return errorCode;
  }

  static RegistryError subjectNotFound(String subject) {
    return new RegistryError(404, 40401, "Subject '" + subject + "' not found.");
  }

  static RegistryError versionNotFound(String subject, Object version) {
    return new RegistryError(
        404, 40402, "Version " + version + " not found for subject '" + subject + "'.");
  }

  static RegistryError schemaNotFound(String detail) {
    return new RegistryError(404, 40403, detail);
  }

  static RegistryError invalidSchema(String detail) {
    return new RegistryError(422, 42201, detail);
  }

  static RegistryError invalidVersion(String version) {
    return new RegistryError(
        422,
        42202,
        "The specified version '"
            + version
            + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string"
            + " \"latest\"");
  }

  static RegistryError invalidCompatibility(String level) {
    return new RegistryError(
        422,
        42203,
        "Invalid compatibility level '"
            + level
            + "'. Valid values are NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD,"
            + " FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE");
  }

  static RegistryError storeError(String detail, Throwable cause) {
    return new RegistryError(500, 50001, detail, cause);
  }
}

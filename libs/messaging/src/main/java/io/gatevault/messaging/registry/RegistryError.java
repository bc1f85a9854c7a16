package io.gatevault.messaging.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A non-2xx answer from the registry, classified into transient and permanent failures. */
record RegistryError(int httpStatus, int errorCode, String message) {

  static RegistryError of(int httpStatus, String body, ObjectMapper json) {
    int errorCode = httpStatus;
    String message = RestSchemaRegistryClient.abbreviate(body);
    try {
      JsonNode node = json.readTree(body == null || body.isEmpty() ? "{}" : body);
      if (node.path("error_code").canConvertToInt()) {
        errorCode = node.path("error_code").asInt();
      }
      if (node.path("message").isTextual()) {
        message = node.path("message").asText();
      }
    } catch (java.io.IOException notJson) {
      // A proxy or a non-registry server answered; keep the raw text as the message.
    }
    return new RegistryError(httpStatus, errorCode, message);
  }

  boolean isTransient() {
    return httpStatus >= 500
        || httpStatus == 429
        || httpStatus == 408
        || (errorCode >= 50001 && errorCode <= 50003);
  }

  SchemaRegistryException toException(String purpose, String request) {
    String detail = "Could not " + purpose + ": " + request + " answered " + this + ". ";
    if (httpStatus == 409) {
      return new IncompatibleSchemaException(
          detail
              + "Make the change compatible (e.g. give new fields a default) or change the subject's"
              + " compatibility level.",
          httpStatus,
          errorCode);
    }
    switch (errorCode) {
      case 40401:
        return new SubjectNotFoundException(
            detail + "Register a schema under the subject first.", httpStatus, errorCode);
      case 40402:
        return new VersionNotFoundException(detail, httpStatus, errorCode);
      case 40403:
        return new SchemaNotFoundException(
            detail + "The schema is not registered there; register it first.",
            httpStatus,
            errorCode);
      case 42201:
        return new InvalidSchemaException(
            detail + "Fix the schema so that it parses as Avro.", httpStatus, errorCode);
      case 42203:
        return new InvalidCompatibilityLevelException(
            detail
                + "Use one of NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL,"
                + " FULL_TRANSITIVE.",
            httpStatus,
            errorCode);
      default:
        break;
    }
    if (httpStatus == 401 || httpStatus == 403) {
      return new SchemaRegistryException(
          detail + "The registry refused the credentials: check basic.auth.user.info.",
          httpStatus,
          errorCode);
    }
    if (httpStatus == 404) {
      return new SchemaRegistryException(
          detail + "Check that schema.registry.url points at the registry's root.",
          httpStatus,
          errorCode);
    }
    return new SchemaRegistryException(detail, httpStatus, errorCode);
  }

  @Override
  public String toString() {
    return "HTTP " + httpStatus + " error_code " + errorCode + ": " + message;
  }
}

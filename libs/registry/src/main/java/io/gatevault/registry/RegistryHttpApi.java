package io.gatevault.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Confluent Schema Registry REST API over {@link SchemaCatalog}: routes requests, turns JSON
 * into calls and answers (or {@link RegistryError}s) into JSON with Confluent's error codes.
 */
final class RegistryHttpApi implements HttpHandler {

  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final Logger log = LoggerFactory.getLogger(RegistryHttpApi.class);

  private final SchemaCatalog catalog;
  private final ObjectMapper json = new ObjectMapper();

  RegistryHttpApi(SchemaCatalog catalog) {
    this.catalog = catalog;
  }

  private record Request(
      String method, List<String> path, Map<String, String> query, String body) {}

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      int status = 200;
      JsonNode answer;
      try {
        Request request = read(exchange);
        answer = route(request);
      } catch (RegistryError e) {
        status = e.httpStatus();
        answer = error(e.errorCode(), e.getMessage());
        if (status >= 500) {
          log.warn("Schema registry request failed: {}", e.getMessage(), e);
        }
      } catch (RuntimeException e) {
        status = 500;
        answer = error(50001, "Internal error: " + e);
        log.error("Unexpected failure in schema registry request", e);
      }
      byte[] bytes = json.writeValueAsBytes(answer);
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private Request read(HttpExchange exchange) throws IOException {
    List<String> path = new ArrayList<>();
    for (String segment : exchange.getRequestURI().getRawPath().split("/")) {
      if (!segment.isEmpty()) {
        path.add(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
      }
    }
    Map<String, String> query = new HashMap<>();
    String rawQuery = exchange.getRequestURI().getRawQuery();
    if (rawQuery != null) {
      for (String pair : rawQuery.split("&")) {
        int equals = pair.indexOf('=');
        String name = equals < 0 ? pair : pair.substring(0, equals);
        String value = equals < 0 ? "" : pair.substring(equals + 1);
        query.put(
            URLDecoder.decode(name, StandardCharsets.UTF_8),
            URLDecoder.decode(value, StandardCharsets.UTF_8));
      }
    }
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    return new Request(exchange.getRequestMethod(), path, query, body);
  }

  private JsonNode route(Request request) {
    List<String> path = request.path();
    String method = request.method();
    int size = path.size();
    String root = size == 0 ? "" : path.get(0);
    switch (root) {
      case "" -> {
        return json.createObjectNode();
      }
      case "subjects" -> {
        if (size == 1 && method.equals("GET")) {
          return strings(catalog.subjects());
        }
        if (size == 2 && method.equals("POST")) {
          return versionNode(catalog.lookup(path.get(1), schemaOf(request)));
        }
        if (size == 3 && path.get(2).equals("versions")) {
          if (method.equals("GET")) {
            ArrayNode versions = json.createArrayNode();
            catalog.versions(path.get(1)).forEach(versions::add);
            return versions;
          }
          if (method.equals("POST")) {
            ObjectNode registered = json.createObjectNode();
            registered.put("id", catalog.register(path.get(1), schemaOf(request)));
            return registered;
          }
        }
        if (size == 4 && path.get(2).equals("versions") && method.equals("GET")) {
          return versionNode(catalog.version(path.get(1), path.get(3)));
        }
        if (size == 5
            && path.get(2).equals("versions")
            && path.get(4).equals("schema")
            && method.equals("GET")) {
          return parseJson(catalog.version(path.get(1), path.get(3)).schema());
        }
      }
      case "schemas" -> {
        if (size >= 3 && path.get(1).equals("ids") && method.equals("GET")) {
          int id = parseId(path.get(2));
          if (size == 3) {
            ObjectNode schema = json.createObjectNode();
            schema.put("schema", catalog.schemaById(id));
            return schema;
          }
          if (size == 4 && path.get(3).equals("versions")) {
            ArrayNode uses = json.createArrayNode();
            for (StoredSchema use : catalog.usesOf(id)) {
              uses.addObject().put("subject", use.subject()).put("version", use.version());
            }
            return uses;
          }
        }
      }
      case "compatibility" -> {
        if ((size == 4 || size == 5)
            && path.get(1).equals("subjects")
            && path.get(3).equals("versions")
            && method.equals("POST")) {
          Optional<String> version = size == 5 ? Optional.of(path.get(4)) : Optional.empty();
          List<String> problems =
              catalog.incompatibilities(path.get(2), version, schemaOf(request));
          ObjectNode result = json.createObjectNode();
          result.put("is_compatible", problems.isEmpty());
          if ("true".equalsIgnoreCase(request.query().get("verbose"))) {
            result.set("messages", strings(problems));
          }
          return result;
        }
      }
      case "config" -> {
        return config(request);
      }
      default -> {
        // answered as not found below
      }
    }
    throw new RegistryError(
        404, 404, "No such endpoint: " + method + " /" + String.join("/", path));
  }

  private JsonNode config(Request request) {
    List<String> path = request.path();
    if (path.size() > 2) {
      throw new RegistryError(404, 404, "No such endpoint: /" + String.join("/", path));
    }
    Optional<String> subject = path.size() == 2 ? Optional.of(path.get(1)) : Optional.empty();
    ObjectNode answer = json.createObjectNode();
    switch (request.method()) {
      case "GET" -> {
        Compatibility level;
        if (subject.isEmpty()) {
          level = catalog.globalCompatibility();
        } else if ("true".equalsIgnoreCase(request.query().get("defaultToGlobal"))) {
          level = catalog.compatibilityOf(subject.get());
        } else {
          level =
              catalog
                  .subjectCompatibility(subject.get())
                  .orElseThrow(
                      () ->
                          new RegistryError(
                              404,
                              40408,
                              "Subject '"
                                  + subject.get()
                                  + "' does not have subject-level compatibility configured"));
        }
        answer.put("compatibilityLevel", level.name());
        return answer;
      }
      case "PUT" -> {
        JsonNode body = parseJson(request.body());
        String requested = body.path("compatibility").asText(null);
        Compatibility level =
            Compatibility.parse(requested)
                .orElseThrow(() -> RegistryError.invalidCompatibility(requested));
        catalog.setCompatibility(subject, level);
        answer.put("compatibility", level.name());
        return answer;
      }
      default ->
          throw new RegistryError(
              405, 405, "Method " + request.method() + " is not allowed on /config");
    }
  }

  private String schemaOf(Request request) {
    JsonNode body = parseJson(request.body());
    String type = body.path("schemaType").asText("AVRO");
    if (!"AVRO".equalsIgnoreCase(type)) {
      throw RegistryError.invalidSchema(
          "schemaType " + type + " is not supported by this registry; only AVRO is.");
    }
    if (body.path("references").size() > 0) {
      throw RegistryError.invalidSchema(
          "Schema references are not supported by this registry; inline the referenced types.");
    }
    JsonNode schema = body.path("schema");
    if (!schema.isTextual()) {
      throw RegistryError.invalidSchema(
          "Invalid schema: the request body needs a string field 'schema'.");
    }
    return schema.asText();
  }

  private JsonNode parseJson(String text) {
    try {
      return json.readTree(text == null || text.isBlank() ? "{}" : text);
    } catch (IOException e) {
      throw new RegistryError(422, 422, "Request body is not valid JSON: " + e.getMessage());
    }
  }

  private static int parseId(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw RegistryError.schemaNotFound("Schema id '" + text + "' is not a number.");
    }
  }

  private ObjectNode versionNode(StoredSchema schema) {
    ObjectNode node = json.createObjectNode();
    node.put("subject", schema.subject());
    node.put("version", schema.version());
    node.put("id", schema.id());
    node.put("schema", schema.schema());
    return node;
  }

  private ArrayNode strings(List<String> values) {
    ArrayNode array = json.createArrayNode();
    values.forEach(array::add);
    return array;
  }

  private ObjectNode error(int errorCode, String message) {
    ObjectNode node = json.createObjectNode();
    node.put("error_code", errorCode);
    node.put("message", message);
    return node;
  }
}

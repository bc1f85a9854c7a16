package io.gatevault.messaging.registry;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatevault.tls.TlsMaterial;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLHandshakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SchemaRegistryClient} over the Confluent Schema Registry REST API, written to work
 * unchanged against Confluent, Apicurio (ccompat), Karapace and Redpanda: it ignores fields it does
 * not know, never sends {@code schemaType} for Avro (the API's default), and accepts both {@code
 * compatibility} and {@code compatibilityLevel} in config answers.
 *
 * <p>This is the only layer that retries: connection failures, timeouts, HTTP 5xx/429 and error
 * codes 50001-50003 are retried with bounded exponential backoff, rotating through the configured
 * URLs, and then reported as {@link SchemaRegistryUnavailableException}. Everything else fails on
 * the first answer.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final Logger log = LoggerFactory.getLogger(RestSchemaRegistryClient.class);

  private final SchemaRegistryClientSettings settings;
  private final HttpClient http;
  private final ObjectMapper json =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private final Optional<String> authorization;
  private final LruCache<Integer, String> schemasById;
  private final LruCache<SubjectSchema, Integer> idsBySubjectSchema;
  private final LruCache<SubjectSchema, RegisteredSchema> lookups;

  private record SubjectSchema(String subject, String schema) {}

  public RestSchemaRegistryClient(SchemaRegistryClientSettings settings) {
    this.settings = settings;
    TlsMaterial tls = TlsMaterial.load(settings.tls(), System::getenv);
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.connectTimeout())
            .sslContext(tls.context())
            .sslParameters(tls.parameters())
            .build();
    this.authorization =
        settings
            .basicAuthUserInfo()
            .map(
                info ->
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString(info.getBytes(StandardCharsets.UTF_8)));
    this.schemasById = new LruCache<>(settings.cacheCapacity());
    this.idsBySubjectSchema = new LruCache<>(settings.cacheCapacity());
    this.lookups = new LruCache<>(settings.cacheCapacity());
  }

  /** A client for one or more comma-separated URLs with default settings. */
  public static RestSchemaRegistryClient forUrls(String commaSeparatedUrls) {
    return new RestSchemaRegistryClient(SchemaRegistryClientSettings.forUrls(commaSeparatedUrls));
  }

  public SchemaRegistryClientSettings settings() {
    return settings;
  }

  @Override
  public int register(String subject, String schema) {
    return idsBySubjectSchema.computeIfAbsent(
        new SubjectSchema(subject, schema),
        key -> {
          JsonNode answer =
              send(
                  "POST",
                  "subjects/" + segment(subject) + "/versions",
                  schemaBody(schema),
                  "register a schema under subject '" + subject + "'");
          int id = requiredInt(answer, "id");
          schemasById.put(id, schema);
          return id;
        });
  }

  @Override
  public RegisteredSchema lookup(String subject, String schema) {
    return lookups.computeIfAbsent(
        new SubjectSchema(subject, schema),
        key -> {
          JsonNode answer =
              send(
                  "POST",
                  "subjects/" + segment(subject),
                  schemaBody(schema),
                  "look up a schema in subject '" + subject + "'");
          RegisteredSchema found = registeredSchema(answer, subject);
          schemasById.put(found.id(), found.schema());
          return found;
        });
  }

  @Override
  public String schemaById(int id) {
    return schemasById.computeIfAbsent(
        id,
        key ->
            requiredText(
                send("GET", "schemas/ids/" + id, null, "fetch schema id " + id), "schema"));
  }

  @Override
  public RegisteredSchema latestVersion(String subject) {
    return version(subject, "latest");
  }

  @Override
  public RegisteredSchema version(String subject, int version) {
    return version(subject, Integer.toString(version));
  }

  private RegisteredSchema version(String subject, String version) {
    JsonNode answer =
        send(
            "GET",
            "subjects/" + segment(subject) + "/versions/" + version,
            null,
            "fetch version " + version + " of subject '" + subject + "'");
    RegisteredSchema found = registeredSchema(answer, subject);
    schemasById.put(found.id(), found.schema());
    return found;
  }

  @Override
  public List<String> subjects() {
    List<String> subjects = new ArrayList<>();
    send("GET", "subjects", null, "list subjects").forEach(node -> subjects.add(node.asText()));
    return subjects;
  }

  @Override
  public List<Integer> versions(String subject) {
    List<Integer> versions = new ArrayList<>();
    send(
            "GET",
            "subjects/" + segment(subject) + "/versions",
            null,
            "list versions of subject '" + subject + "'")
        .forEach(node -> versions.add(node.asInt()));
    return versions;
  }

  @Override
  public CompatibilityResult checkCompatibility(String subject, String schema) {
    JsonNode answer =
        send(
            "POST",
            "compatibility/subjects/" + segment(subject) + "/versions/latest?verbose=true",
            schemaBody(schema),
            "check compatibility of a schema with subject '" + subject + "'");
    List<String> messages = new ArrayList<>();
    answer.path("messages").forEach(node -> messages.add(node.asText()));
    return new CompatibilityResult(answer.path("is_compatible").asBoolean(false), messages);
  }

  @Override
  public CompatibilityLevel globalCompatibility() {
    return compatibilityOf(send("GET", "config", null, "read the global compatibility level"));
  }

  @Override
  public CompatibilityLevel subjectCompatibility(String subject) {
    return compatibilityOf(
        send(
            "GET",
            "config/" + segment(subject) + "?defaultToGlobal=true",
            null,
            "read the compatibility level of subject '" + subject + "'"));
  }

  @Override
  public void setGlobalCompatibility(CompatibilityLevel level) {
    send("PUT", "config", compatibilityBody(level), "set the global compatibility level");
  }

  @Override
  public void setSubjectCompatibility(String subject, CompatibilityLevel level) {
    send(
        "PUT",
        "config/" + segment(subject),
        compatibilityBody(level),
        "set the compatibility level of subject '" + subject + "'");
  }

  private String schemaBody(String schema) {
    // schemaType is left out on purpose: AVRO is the API's default, and older registries reject it.
    ObjectNode body = json.createObjectNode();
    body.put("schema", schema);
    return body.toString();
  }

  private String compatibilityBody(CompatibilityLevel level) {
    ObjectNode body = json.createObjectNode();
    body.put("compatibility", level.name());
    return body.toString();
  }

  private static CompatibilityLevel compatibilityOf(JsonNode answer) {
    JsonNode level = answer.path("compatibilityLevel");
    if (level.isMissingNode() || level.isNull()) {
      level = answer.path("compatibility");
    }
    return CompatibilityLevel.parse(level.asText(null));
  }

  private static RegisteredSchema registeredSchema(JsonNode answer, String requestedSubject) {
    return new RegisteredSchema(
        answer.path("subject").asText(requestedSubject),
        requiredInt(answer, "version"),
        requiredInt(answer, "id"),
        requiredText(answer, "schema"));
  }

  private static int requiredInt(JsonNode answer, String field) {
    JsonNode node = answer.path(field);
    if (!node.canConvertToInt()) {
      throw new SchemaRegistryException(
          "Schema registry answer lacks the integer field '" + field + "': " + answer, 0, 0);
    }
    return node.asInt();
  }

  private static String requiredText(JsonNode answer, String field) {
    JsonNode node = answer.path(field);
    if (!node.isTextual()) {
      throw new SchemaRegistryException(
          "Schema registry answer lacks the text field '" + field + "': " + answer, 0, 0);
    }
    return node.asText();
  }

  private static String segment(String pathSegment) {
    return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** One request with the retry policy applied; returns the parsed JSON answer. */
  private JsonNode send(String method, String relativePath, String body, String purpose) {
    List<URI> urls = settings.baseUrls();
    int firstUrl = ThreadLocalRandom.current().nextInt(urls.size());
    String lastFailure = "";
    Throwable lastCause = null;
    int lastStatus = 0;
    int lastErrorCode = 0;
    long started = System.nanoTime();
    for (int attempt = 0; attempt < settings.maxAttempts(); attempt++) {
      if (attempt > 0) {
        pause(attempt);
      }
      URI url = urls.get((firstUrl + attempt) % urls.size()).resolve(relativePath);
      HttpResponse<String> response;
      try {
        response = http.send(request(method, url, body), HttpResponse.BodyHandlers.ofString());
      } catch (SSLHandshakeException e) {
        // An untrusted certificate or no common protocol fails the same way on every attempt.
        throw new SchemaRegistryException(
            "Cannot "
                + purpose
                + ": the TLS handshake with "
                + url
                + " failed ("
                + e.getMessage()
                + "). Fix: trust the CA of the registry's certificate ("
                + settings.tls().origin()
                + " trust store; gatevault.yml: registry.tls.trust-store or tls.trust-store) and"
                + " check the certificate names the registry's host",
            e);
      } catch (IOException e) {
        lastFailure = method + " " + url + ": " + describe(e);
        lastCause = e;
        lastStatus = 0;
        lastErrorCode = 0;
        log.debug("Attempt {} to {} failed: {}", attempt + 1, purpose, lastFailure);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SchemaRegistryException(
            "Interrupted while trying to " + purpose + " at " + url, e);
      }
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return parse(response.body(), url);
      }
      RegistryError error = RegistryError.of(status, response.body(), json);
      if (error.isTransient()) {
        lastFailure = method + " " + url + " answered " + error;
        lastCause = null;
        lastStatus = status;
        lastErrorCode = error.errorCode();
        log.debug("Attempt {} to {} failed: {}", attempt + 1, purpose, lastFailure);
        continue;
      }
      throw error.toException(purpose, method + " " + url);
    }
    String message =
        "Schema registry unavailable: could not "
            + purpose
            + " after "
            + settings.maxAttempts()
            + " attempt(s) in "
            + Duration.ofNanos(System.nanoTime() - started).toMillis()
            + " ms; last failure: "
            + lastFailure
            + ". Check that the registry is running and reachable at "
            + urls
            + " (schema.registry.url), and that no proxy or firewall is in the way.";
    throw lastCause != null
        ? new SchemaRegistryUnavailableException(message, lastCause)
        : new SchemaRegistryUnavailableException(message, lastStatus, lastErrorCode);
  }

  private HttpRequest request(String method, URI url, String body) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(url)
            .timeout(settings.requestTimeout())
            .header("Accept", CONTENT_TYPE + ", application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (body != null) {
      builder.header("Content-Type", CONTENT_TYPE);
    }
    authorization.ifPresent(value -> builder.header("Authorization", value));
    return builder.build();
  }

  private JsonNode parse(String body, URI url) {
    try {
      return json.readTree(body == null || body.isEmpty() ? "{}" : body);
    } catch (IOException e) {
      throw new SchemaRegistryException(
          "Answer from "
              + url
              + " is not JSON; is schema.registry.url pointing at a schema registry? Answer began: "
              + abbreviate(body),
          e);
    }
  }

  private void pause(int attempt) {
    long base = settings.initialBackoff().toMillis() << Math.min(attempt - 1, 20);
    long capped = Math.min(base, settings.maxBackoff().toMillis());
    // Half fixed, half random, so clients that failed together do not all return together.
    long delay = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException("Interrupted while waiting to retry the registry", e);
    }
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
  }

  static String abbreviate(String text) {
    if (text == null) {
      return "";
    }
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }
}

package io.gatevault.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.net.ssl.SSLContext;

/**
 * A test KMS endpoint on 127.0.0.1 speaking the AWS JSON 1.1 protocol ({@code X-Amz-Target:
 * TrentService.<Operation>}) for GenerateDataKey, Encrypt and Decrypt, with real AES-256-GCM under
 * keys it holds in memory. The encryption context is the GCM associated data, so Decrypt with
 * another context fails as it does in KMS. Signatures are not checked (the client still signs).
 *
 * <p>Public (and in this module's test-jar) so the services' and the CLI's tests run against it.
 *
 * <p>Ciphertext blob: version (1) | key ARN length (2) | key ARN | IV (12) | GCM ciphertext + tag.
 */
public final class TestKmsEndpoint implements AutoCloseable {

  public static final String REGION = "eu-west-1";
  private static final String ACCOUNT = "111122223333";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final SecureRandom random = new SecureRandom();
  private final ConcurrentMap<String, SecretKey> keys = new ConcurrentHashMap<>();
  private final Set<String> disabled = ConcurrentHashMap.newKeySet();
  private final ConcurrentMap<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  private final String scheme;
  private final List<String> protocols = new CopyOnWriteArrayList<>();

  public TestKmsEndpoint() throws IOException {
    this(null);
  }

  /**
   * An HTTPS endpoint with the key and certificate of {@code tls} (any protocol the JVM has, so a
   * client offering TLSv1.3 gets it); plain HTTP when null.
   */
  public TestKmsEndpoint(SSLContext tls) throws IOException {
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    if (tls == null) {
      server = HttpServer.create(address, 0);
      scheme = "http";
    } else {
      HttpsServer https = HttpsServer.create(address, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      server = https;
      scheme = "https";
    }
    server.createContext("/", this::handle);
    server.start();
  }

  public URI endpoint() {
    return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The TLS protocol of each HTTPS request, in order. */
  public List<String> negotiatedProtocols() {
    return List.copyOf(protocols);
  }

  /** A new symmetric key; returns its ARN. */
  public String createKey() {
    try {
      KeyGenerator generator = KeyGenerator.getInstance("AES");
      generator.init(256, random);
      String arn = "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/" + UUID.randomUUID();
      keys.put(arn, generator.generateKey());
      return arn;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** As {@code kms:DisableKey}: every further use of the key is refused. */
  public void disable(String arn) {
    disabled.add(arn);
  }

  /** How often {@code operation} (e.g. {@code Decrypt}) was called. */
  public int calls(String operation) {
    return calls.getOrDefault(operation, new AtomicInteger()).get();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (exchange instanceof HttpsExchange https) {
        protocols.add(https.getSSLSession().getProtocol());
      }
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
      String operation = target == null ? "" : target.substring(target.indexOf('.') + 1);
      calls.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
      try {
        ObjectNode response =
            switch (operation) {
              case "GenerateDataKey" -> generateDataKey(request);
              case "Encrypt" -> encrypt(request);
              case "Decrypt" -> decrypt(request);
              default -> throw new KmsError(400, "UnknownOperationException", operation);
            };
        respond(exchange, 200, response);
      } catch (KmsError e) {
        ObjectNode error = JSON.createObjectNode();
        error.put("__type", e.type);
        error.put("message", e.getMessage());
        respond(exchange, e.status, error);
      }
    }
  }

  private ObjectNode generateDataKey(JsonNode request) throws KmsError {
    String arn = usableKey(request.path("KeyId").asText());
    int length = request.path("NumberOfBytes").asInt(32);
    byte[] plaintext = new byte[length];
    random.nextBytes(plaintext);
    ObjectNode response = JSON.createObjectNode();
    response.put("KeyId", arn);
    response.put("Plaintext", Base64.getEncoder().encodeToString(plaintext));
    response.put("CiphertextBlob", seal(arn, plaintext, request.path("EncryptionContext")));
    return response;
  }

  private ObjectNode encrypt(JsonNode request) throws KmsError {
    String arn = usableKey(request.path("KeyId").asText());
    byte[] plaintext = Base64.getDecoder().decode(request.path("Plaintext").asText());
    ObjectNode response = JSON.createObjectNode();
    response.put("KeyId", arn);
    response.put("CiphertextBlob", seal(arn, plaintext, request.path("EncryptionContext")));
    response.put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
    return response;
  }

  private ObjectNode decrypt(JsonNode request) throws KmsError {
    ByteBuffer blob =
        ByteBuffer.wrap(Base64.getDecoder().decode(request.path("CiphertextBlob").asText()));
    if (blob.remaining() < 3 || blob.get() != 1) {
      throw new KmsError(400, "InvalidCiphertextException", "not a ciphertext of this KMS");
    }
    byte[] arnBytes = new byte[blob.getShort()];
    blob.get(arnBytes);
    String arn = new String(arnBytes, StandardCharsets.UTF_8);
    String requested = request.path("KeyId").asText(arn);
    if (!requested.equals(arn)) {
      throw new KmsError(400, "IncorrectKeyException", "ciphertext was encrypted under " + arn);
    }
    usableKey(arn);
    byte[] iv = new byte[12];
    blob.get(iv);
    byte[] sealed = new byte[blob.remaining()];
    blob.get(sealed);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, keys.get(arn), new GCMParameterSpec(128, iv));
      cipher.updateAAD(associatedData(request.path("EncryptionContext")));
      byte[] plaintext = cipher.doFinal(sealed);
      ObjectNode response = JSON.createObjectNode();
      response.put("KeyId", arn);
      response.put("Plaintext", Base64.getEncoder().encodeToString(plaintext));
      response.put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
      return response;
    } catch (GeneralSecurityException e) {
      throw new KmsError(
          400, "InvalidCiphertextException", "ciphertext or encryption context does not match");
    }
  }

  private String usableKey(String keyId) throws KmsError {
    if (!keys.containsKey(keyId)) {
      throw new KmsError(400, "NotFoundException", "Key '" + keyId + "' does not exist");
    }
    if (disabled.contains(keyId)) {
      throw new KmsError(400, "DisabledException", keyId + " is disabled.");
    }
    return keyId;
  }

  private String seal(String arn, byte[] plaintext, JsonNode context) {
    try {
      byte[] iv = new byte[12];
      random.nextBytes(iv);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, keys.get(arn), new GCMParameterSpec(128, iv));
      cipher.updateAAD(associatedData(context));
      byte[] sealed = cipher.doFinal(plaintext);
      byte[] arnBytes = arn.getBytes(StandardCharsets.UTF_8);
      ByteBuffer blob = ByteBuffer.allocate(1 + 2 + arnBytes.length + iv.length + sealed.length);
      blob.put((byte) 1).putShort((short) arnBytes.length).put(arnBytes).put(iv).put(sealed);
      return Base64.getEncoder().encodeToString(blob.array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The context sorted by key, each key and value length-prefixed: unambiguous. */
  private static byte[] associatedData(JsonNode context) {
    Map<String, String> sorted = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = context.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      sorted.put(entry.getKey(), entry.getValue().asText());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    sorted.forEach(
        (key, value) -> {
          for (String text : new String[] {key, value}) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(4).putInt(utf8.length).array());
            out.writeBytes(utf8);
          }
        });
    return out.toByteArray();
  }

  private static void respond(HttpExchange exchange, int status, ObjectNode body)
      throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
    exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static final class KmsError extends Exception {
    final int status;
    final String type;

    KmsError(int status, String type, String message) {
      super(message);
      this.status = status;
      this.type = type;
    }
  }
}

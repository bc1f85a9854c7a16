package io.gatevault.allinone.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatevault.tls.PasswordSource;
import io.gatevault.tls.StoreFile;
import io.gatevault.tls.StoreType;
import io.gatevault.tls.TlsConfigurationException;
import io.gatevault.tls.TlsSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the {@code tls:} section and the connections' {@code tls:} blocks of gatevault.yml into a
 * {@link TlsConfig}, collecting problems instead of stopping at the first:
 *
 * <pre>
 * tls:                                  # default for every outbound connection
 *   trust-store: {path: certs/ca.p12, type: PKCS12, password-env: GATEVAULT_TLS_PASSWORD}
 *   key-store: {path: certs/client.p12, password-file: certs/client.pass}   # mutual TLS
 *   protocols: [TLSv1.3, TLSv1.2]
 * gateways:
 *   - id: caddy-1
 *     tls: {allow-plaintext: true}      # per connection: own stores, protocols, plaintext opt-in
 * </pre>
 */
final class TlsConfigReader {

  /** Settings of a {@code tls:} block of a connection. */
  static final Set<String> BLOCK_KEYS =
      Set.of("trust-store", "key-store", "protocols", "allow-plaintext");

  private static final Set<String> SECTION_KEYS = Set.of("trust-store", "key-store", "protocols");
  private static final Set<String> STORE_KEYS =
      Set.of("path", "type", "password-env", "password-file");

  private final Path base;
  private final List<ConfigProblem> problems = new ArrayList<>();

  private TlsConfigReader(Path base) {
    this.base = base;
  }

  /**
   * The TLS configuration of {@code root}; its problems are added to {@code problems}.
   *
   * @param base the config file's folder: relative store and password paths resolve against it
   */
  static TlsConfig read(JsonNode root, Path base, List<ConfigProblem> problems) {
    TlsConfigReader reader = new TlsConfigReader(base);
    TlsConfig config = reader.config(root);
    problems.addAll(reader.problems);
    return config;
  }

  private TlsConfig config(JsonNode root) {
    if (root == null || !root.isObject()) {
      return TlsConfig.NONE;
    }
    TlsSettings defaults = block(root.get("tls"), "tls", SECTION_KEYS);
    Map<String, TlsSettings> connections = new LinkedHashMap<>();
    connection(child(root, "kafka"), "kafka.tls", connections);
    connection(child(root, "registry"), "registry.tls", connections);
    connection(child(child(root, "keyring"), "kms"), "keyring.kms.tls", connections);
    listed(root.get("gateways"), "gateways", connections);
    listed(child(root, "storage").get("targets"), "storage.targets", connections);
    return new TlsConfig(defaults, connections);
  }

  private void listed(JsonNode list, String name, Map<String, TlsSettings> connections) {
    if (list == null || !list.isArray()) {
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      connection(list.get(i), name + "[" + i + "].tls", connections);
    }
  }

  private void connection(JsonNode parent, String origin, Map<String, TlsSettings> connections) {
    if (parent == null || !parent.isObject()) {
      return;
    }
    TlsSettings settings = block(parent.get("tls"), origin, BLOCK_KEYS);
    if (settings != null) {
      connections.put(origin, settings);
    }
  }

  private TlsSettings block(JsonNode node, String origin, Set<String> known) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      problems.add(
          new ConfigProblem(
              origin,
              "must be a mapping of settings.",
              "indent trust-store, key-store, protocols"
                  + (known.contains("allow-plaintext") ? " or allow-plaintext" : "")
                  + " under it."));
      return null;
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        problems.add(
            new ConfigProblem(
                origin + "." + name,
                "is not a setting Gatevault knows.",
                name.equals("allow-plaintext")
                    ? "plaintext is allowed per connection only: set allow-plaintext in that"
                        + " connection's tls block, e.g. gateways[0].tls.allow-plaintext."
                    : "correct the name or remove it; known here: "
                        + String.join(", ", new TreeSet<>(known))
                        + "."));
      }
    }
    StoreFile trustStore = store(node.get("trust-store"), origin + ".trust-store");
    StoreFile keyStore = store(node.get("key-store"), origin + ".key-store");
    List<String> protocols = protocols(node.get("protocols"), origin + ".protocols");
    boolean allowPlaintext = false;
    JsonNode allow = node.get("allow-plaintext");
    if (allow != null && !allow.isNull()) {
      if (allow.isBoolean()) {
        allowPlaintext = allow.booleanValue();
      } else {
        problems.add(
            new ConfigProblem(
                origin + ".allow-plaintext",
                "must be true or false, got '" + allow.asText() + "'.",
                "write true or false."));
      }
    }
    return new TlsSettings(origin, trustStore, keyStore, protocols, allowPlaintext);
  }

  private StoreFile store(JsonNode node, String setting) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      problems.add(
          new ConfigProblem(
              setting,
              "must be a mapping of settings.",
              "give it path, type (PKCS12 or JKS) and password-env or password-file."));
      return null;
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!STORE_KEYS.contains(name)) {
        problems.add(
            new ConfigProblem(
                setting + "." + name,
                "is not a setting Gatevault knows.",
                "correct the name or remove it; known here: "
                    + String.join(", ", new TreeSet<>(STORE_KEYS))
                    + "."));
      }
    }
    String path = text(node, "path");
    String env = text(node, "password-env");
    String file = text(node, "password-file");
    if (path.isEmpty()) {
      problems.add(
          new ConfigProblem(
              setting + ".path",
              "is missing.",
              "set it to the "
                  + (setting.endsWith("trust-store") ? "trust" : "key")
                  + " store file (PKCS12 or JKS), relative to this file."));
      return null;
    }
    StoreType type;
    try {
      type = StoreType.parse(setting + ".type", text(node, "type"));
    } catch (TlsConfigurationException e) {
      problems.add(
          new ConfigProblem(
              setting + ".type", "is '" + text(node, "type") + "'.", "use PKCS12 or JKS."));
      return null;
    }
    if (env.isEmpty() == file.isEmpty()) {
      problems.add(
          new ConfigProblem(
              setting,
              env.isEmpty()
                  ? "has no password setting."
                  : "has both password-env and password-file.",
              "set exactly one: password-env (the name of an environment variable) or"
                  + " password-file (a file whose first line is the password)."));
      return null;
    }
    PasswordSource password =
        env.isEmpty()
            ? PasswordSource.fromFile(resolve(file))
            : PasswordSource.fromEnvironment(env);
    return new StoreFile(resolve(path), type, password);
  }

  private List<String> protocols(JsonNode node, String setting) {
    List<String> protocols = new ArrayList<>();
    if (node == null || node.isNull()) {
      return protocols;
    }
    if (node.isArray()) {
      node.forEach(item -> protocols.add(item.asText().trim()));
    } else if (node.isTextual()) {
      for (String part : node.asText().split(",")) {
        if (!part.isBlank()) {
          protocols.add(part.trim());
        }
      }
    } else {
      problems.add(
          new ConfigProblem(
              setting, "must be a list.", "write it as [TLSv1.3, TLSv1.2] or leave it out."));
    }
    return protocols;
  }

  private Path resolve(String value) {
    Path path = Path.of(value);
    return path.isAbsolute() ? path : base.resolve(path).normalize();
  }

  private static JsonNode child(JsonNode parent, String name) {
    JsonNode node = parent == null ? null : parent.get(name);
    return node == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : node;
  }

  private static String text(JsonNode node, String key) {
    JsonNode value = node.get(key);
    return value == null || value.isNull() ? "" : value.asText().trim();
  }
}

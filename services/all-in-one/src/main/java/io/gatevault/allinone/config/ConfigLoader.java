package io.gatevault.allinone.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gatevault.allinone.config.GatevaultConfig.ControlPlaneSettings;
import io.gatevault.allinone.config.GatevaultConfig.GatewaySettings;
import io.gatevault.allinone.config.GatevaultConfig.KafkaSettings;
import io.gatevault.allinone.config.GatevaultConfig.KeyringSettings;
import io.gatevault.allinone.config.GatevaultConfig.RegistrySettings;
import io.gatevault.allinone.config.GatevaultConfig.RetentionSettings;
import io.gatevault.allinone.config.GatevaultConfig.TargetSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads {@code gatevault.yml} strictly: unknown settings, wrong types and invalid values are all
 * reported at once, each with the setting's dotted name and the fix, before anything starts.
 */
public final class ConfigLoader {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Settings of an S3 target, under storage.targets[i].s3. */
  static final Set<String> S3_KEYS =
      new java.util.TreeSet<>(
          List.of(
              "bucket",
              "prefix",
              "region",
              "endpoint",
              "path-style",
              "storage-class",
              "sse-kms-key-id",
              "object-lock-mode",
              "object-lock-days",
              "credentials-profile",
              "access-key-env",
              "secret-key-env"));

  /** Settings of the AWS KMS key provider, under keyring.kms. */
  static final Set<String> KMS_KEYS =
      Set.of(
          "key-arn",
          "additional-key-arns",
          "region",
          "endpoint",
          "credentials-profile",
          "access-key-env",
          "secret-key-env",
          "tls");

  private ConfigLoader() {}

  /**
   * Loads and validates a configuration file. A missing file yields the defaults (the embedded
   * default needs no configuration).
   *
   * @throws InvalidConfigurationException listing every problem
   */
  public static GatevaultConfig load(Path file) {
    String source = file.toString();
    if (!Files.exists(file)) {
      return parse("", source, baseDirectory(file));
    }
    try {
      return parse(Files.readString(file), source, baseDirectory(file));
    } catch (IOException e) {
      throw new InvalidConfigurationException(
          source,
          List.of(
              new ConfigProblem(
                  "(file)",
                  "cannot be read: " + e.getMessage() + ".",
                  "check the path and its permissions, or pass another with --config.")));
    }
  }

  /** Parses YAML text; relative paths resolve against {@code baseDirectory}. */
  public static GatevaultConfig parse(String yaml, String source, Path baseDirectory) {
    JsonNode root;
    try {
      root = yaml.isBlank() ? YAML.createObjectNode() : YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new InvalidConfigurationException(
          source,
          List.of(
              new ConfigProblem(
                  "(syntax)",
                  "is not valid YAML: " + e.getOriginalMessage() + locationOf(e) + ".",
                  "fix the YAML syntax (indentation with spaces, 'key: value').")));
    }
    if (root == null || root.isNull() || root.isMissingNode()) {
      root = YAML.createObjectNode();
    }
    Reader reader = new Reader();
    GatevaultConfig config = reader.config(root, baseDirectory);
    List<ConfigProblem> problems = new ArrayList<>(reader.problems);
    if (problems.isEmpty()) {
      problems.addAll(ConfigValidator.validate(config));
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(source, problems);
    }
    return config;
  }

  private static Path baseDirectory(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    return parent == null ? Path.of(".").toAbsolutePath() : parent;
  }

  private static String locationOf(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }

  /** Walks the tree, collecting type problems and unknown keys instead of stopping at the first. */
  private static final class Reader {
    private final List<ConfigProblem> problems = new ArrayList<>();

    GatevaultConfig config(JsonNode root, Path base) {
      if (!root.isObject()) {
        problems.add(
            new ConfigProblem(
                "(root)",
                "must be a mapping of settings.",
                "start from the shipped gatevault.yml."));
        return null;
      }
      knownKeys(
          root,
          "",
          Set.of(
              "data-dir",
              "kafka",
              "registry",
              "control-plane",
              "services",
              "gateways",
              "keyring",
              "storage",
              "retention",
              "residency",
              "changes",
              "tls"));
      String dataDir = text(root, "", "data-dir", ".gatevault");
      JsonNode kafkaNode = object(root, "", "kafka");
      knownKeys(kafkaNode, "kafka.", Set.of("mode", "bootstrap-servers", "port", "tls"));
      KafkaSettings kafka =
          new KafkaSettings(
              text(kafkaNode, "kafka.", "mode", "embedded"),
              text(kafkaNode, "kafka.", "bootstrap-servers", ""),
              integer(kafkaNode, "kafka.", "port", 0));
      JsonNode registryNode = object(root, "", "registry");
      knownKeys(registryNode, "registry.", Set.of("mode", "url", "port", "tls"));
      RegistrySettings registry =
          new RegistrySettings(
              text(registryNode, "registry.", "mode", "embedded"),
              text(registryNode, "registry.", "url", ""),
              integer(registryNode, "registry.", "port", 8081));
      JsonNode controlNode = object(root, "", "control-plane");
      knownKeys(controlNode, "control-plane.", Set.of("host", "port", "allow-remote"));
      ControlPlaneSettings controlPlane =
          new ControlPlaneSettings(
              text(controlNode, "control-plane.", "host", "127.0.0.1"),
              integer(controlNode, "control-plane.", "port", 8080),
              bool(controlNode, "control-plane.", "allow-remote", false));
      List<String> services = textList(root, "services", GatevaultConfig.ALL_SERVICES);
      List<GatewaySettings> gateways = gateways(root);
      Path dataPath = Path.of(dataDir);
      Path data = dataPath.isAbsolute() ? dataPath : base.resolve(dataPath).normalize();
      JsonNode keyringNode = object(root, "", "keyring");
      knownKeys(
          keyringNode,
          "keyring.",
          Set.of(
              "keystore",
              "password-file",
              "password-env",
              "key-alias",
              "create-if-missing",
              "key-version",
              "provider",
              "kms",
              "recovery"));
      KeyringSettings keyring =
          new KeyringSettings(
              path(
                  base,
                  text(keyringNode, "keyring.", "keystore", ""),
                  data.resolve("keys/keyring.p12")),
              path(
                  base,
                  text(keyringNode, "keyring.", "password-file", ""),
                  data.resolve("keys/keyring.pass")),
              text(keyringNode, "keyring.", "password-env", ""),
              text(keyringNode, "keyring.", "key-alias", "gatevault-kek"),
              bool(keyringNode, "keyring.", "create-if-missing", true),
              integer(keyringNode, "keyring.", "key-version", 1),
              text(keyringNode, "keyring.", "provider", "keystore"),
              kms(object(keyringNode, "keyring.", "kms")),
              recovery(object(keyringNode, "keyring.", "recovery"), base));
      JsonNode storageNode = object(root, "", "storage");
      knownKeys(storageNode, "storage.", Set.of("targets"));
      List<TargetSettings> targets = targets(storageNode, base, data);
      JsonNode retentionNode = object(root, "", "retention");
      knownKeys(retentionNode, "retention.", Set.of("daily", "weekly", "monthly"));
      RetentionSettings retention =
          new RetentionSettings(
              integer(retentionNode, "retention.", "daily", 30),
              integer(retentionNode, "retention.", "weekly", 12),
              integer(retentionNode, "retention.", "monthly", 12));
      Map<String, List<String>> residency = residency(root);
      TlsConfig tls = TlsConfigReader.read(root, base, problems);
      return new GatevaultConfig(
          data,
          kafka,
          registry,
          controlPlane,
          services,
          gateways,
          keyring,
          targets,
          retention,
          residency,
          tls,
          changes(root));
    }

    /** {@code changes: {segment-events: 1000, segment-seconds: 1}}. */
    private GatevaultConfig.ChangesSettings changes(JsonNode root) {
      JsonNode node = object(root, "", "changes");
      knownKeys(
          node,
          "changes.",
          Set.of("segment-events", "segment-seconds", "checkpoint-every", "heartbeat-seconds"));
      GatevaultConfig.ChangesSettings defaults = GatevaultConfig.ChangesSettings.DEFAULTS;
      int events = integer(node, "changes.", "segment-events", defaults.segmentEvents());
      double seconds = defaults.segmentSeconds();
      JsonNode secondsNode = node.get("segment-seconds");
      if (secondsNode != null && !secondsNode.isNull()) {
        if (secondsNode.isNumber()) {
          seconds = secondsNode.asDouble();
        } else {
          problems.add(
              new ConfigProblem(
                  "changes.segment-seconds",
                  "is '" + secondsNode.asText() + "', not a number.",
                  "give the seconds a change may wait in an open segment, e.g. 1 or 0.5."));
        }
      }
      double heartbeat = defaults.heartbeatSeconds();
      JsonNode heartbeatNode = node.get("heartbeat-seconds");
      if (heartbeatNode != null && !heartbeatNode.isNull()) {
        if (heartbeatNode.isNumber() && heartbeatNode.asDouble() >= 0) {
          heartbeat = heartbeatNode.asDouble();
        } else {
          problems.add(
              new ConfigProblem(
                  "changes.heartbeat-seconds",
                  "is '" + heartbeatNode.asText() + "', not a number of seconds (0 or more).",
                  "give the least seconds between two heartbeats of an unchanged gateway, e.g."
                      + " 5 (0 writes one after every poll)."));
        }
      }
      return new GatevaultConfig.ChangesSettings(
          events, seconds, checkpointEvery(node, defaults), heartbeat);
    }

    /** {@code checkpoint-every: 100000} or {@code off}. */
    private long checkpointEvery(JsonNode node, GatevaultConfig.ChangesSettings defaults) {
      JsonNode every = node.get("checkpoint-every");
      if (every == null || every.isNull()) {
        return defaults.checkpointEvery();
      }
      if (every.isIntegralNumber() && every.canConvertToLong() && every.longValue() >= 1) {
        return every.longValue();
      }
      String text = every.asText().trim();
      // YAML 1.1 reads a bare off as false.
      if (text.equalsIgnoreCase("off") || every.isBoolean() && !every.booleanValue()) {
        return GatevaultConfig.ChangesSettings.CHECKPOINTS_OFF;
      }
      if (!text.isEmpty()
          && text.chars().allMatch(Character::isDigit)
          && text.length() < 19
          && Long.parseLong(text) >= 1) {
        return Long.parseLong(text);
      }
      problems.add(
          new ConfigProblem(
              "changes.checkpoint-every",
              "is '" + every.asText() + "', neither a number of changes (at least 1) nor off.",
              "give the changes between checkpoints, e.g. 100000, or off to write none."));
      return defaults.checkpointEvery();
    }

    /** {@code residency: {prod: [eu-west-1, eu-central-1]}}: environment → allowed regions. */
    private Map<String, List<String>> residency(JsonNode root) {
      Map<String, List<String>> result = new java.util.TreeMap<>();
      JsonNode node = root.get("residency");
      if (node == null || node.isNull()) {
        return result;
      }
      if (!node.isObject()) {
        problems.add(
            new ConfigProblem(
                "residency",
                "must map environments to region lists.",
                "write e.g. 'residency: {prod: [eu-west-1, eu-central-1]}'."));
        return result;
      }
      for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
        String environment = names.next();
        JsonNode regions = node.get(environment);
        if (!regions.isArray() || regions.isEmpty()) {
          problems.add(
              new ConfigProblem(
                  "residency." + environment,
                  "must be a non-empty list of regions.",
                  "list the regions this environment's backups may be stored in, e.g."
                      + " [eu-west-1]."));
          continue;
        }
        List<String> allowed = new ArrayList<>();
        regions.forEach(r -> allowed.add(r.asText().trim()));
        result.put(environment, List.copyOf(allowed));
      }
      return result;
    }

    /** {@code keyring.kms}: the AWS KMS key. */
    private GatevaultConfig.KmsSettings kms(JsonNode node) {
      String prefix = "keyring.kms.";
      knownKeys(node, prefix, KMS_KEYS);
      List<String> additional = new ArrayList<>();
      JsonNode list = node.get("additional-key-arns");
      if (list != null && !list.isNull()) {
        if (list.isArray()) {
          list.forEach(item -> additional.add(item.asText().trim()));
        } else {
          problems.add(
              new ConfigProblem(
                  prefix + "additional-key-arns",
                  "must be a list.",
                  "write it as [arn:aws:kms:..., ...] or as '- arn:...' items."));
        }
      }
      return new GatevaultConfig.KmsSettings(
          text(node, prefix, "key-arn", ""),
          List.copyOf(additional),
          text(node, prefix, "region", ""),
          text(node, prefix, "endpoint", ""),
          text(node, prefix, "credentials-profile", ""),
          text(node, prefix, "access-key-env", ""),
          text(node, prefix, "secret-key-env", ""));
    }

    /** {@code keyring.recovery}: the public-key recovery key. */
    private GatevaultConfig.RecoverySettings recovery(JsonNode node, Path base) {
      String prefix = "keyring.recovery.";
      knownKeys(
          node,
          prefix,
          Set.of("public-key", "private-key", "password-env", "password-file", "key-name"));
      return new GatevaultConfig.RecoverySettings(
          path(base, text(node, prefix, "public-key", ""), null),
          path(base, text(node, prefix, "private-key", ""), null),
          text(node, prefix, "password-env", ""),
          path(base, text(node, prefix, "password-file", ""), null),
          text(node, prefix, "key-name", "gatevault-recovery"));
    }

    /** Default targets: three folders standing for three media, one of them off-site. */
    private List<TargetSettings> targets(JsonNode storage, Path base, Path data) {
      JsonNode node = storage.get("targets");
      List<TargetSettings> result = new ArrayList<>();
      if (node == null || node.isNull()) {
        result.add(
            new TargetSettings(
                "local",
                "filesystem",
                data.resolve("targets/local"),
                "FILESYSTEM",
                "local",
                false,
                false,
                Map.of()));
        result.add(
            new TargetSettings(
                "removable",
                "filesystem",
                data.resolve("targets/removable"),
                "REMOVABLE_MEDIA",
                "local",
                false,
                true,
                Map.of()));
        result.add(
            new TargetSettings(
                "offsite",
                "filesystem",
                data.resolve("targets/offsite"),
                "FILESYSTEM",
                "offsite",
                true,
                false,
                Map.of()));
        return result;
      }
      if (!node.isArray()) {
        problems.add(
            new ConfigProblem(
                "storage.targets", "must be a list.", "write each target as a '- id: ...' item."));
        return result;
      }
      for (int i = 0; i < node.size(); i++) {
        String prefix = "storage.targets[" + i + "].";
        JsonNode t = node.get(i);
        if (!t.isObject()) {
          problems.add(
              new ConfigProblem(
                  "storage.targets[" + i + "]",
                  "must be a mapping.",
                  "give it id, type, path, medium, region, off-site."));
          continue;
        }
        knownKeys(
            t,
            prefix,
            Set.of("id", "type", "path", "medium", "region", "off-site", "offline", "s3", "tls"));
        String type = text(t, prefix, "type", "filesystem");
        JsonNode s3Node = object(t, prefix, "s3");
        knownKeys(s3Node, prefix + "s3.", S3_KEYS);
        Map<String, String> s3 = new java.util.TreeMap<>();
        for (String key : S3_KEYS) {
          String value = text(s3Node, prefix + "s3.", key, "");
          if (!value.isBlank()) {
            s3.put(key, value);
          }
        }
        result.add(
            new TargetSettings(
                text(t, prefix, "id", ""),
                type,
                path(base, text(t, prefix, "path", ""), null),
                text(t, prefix, "medium", type.equals("s3") ? "OBJECT_STORE" : "FILESYSTEM"),
                text(t, prefix, "region", s3.getOrDefault("region", "local")),
                bool(t, prefix, "off-site", false),
                bool(t, prefix, "offline", false),
                Map.copyOf(s3)));
      }
      return result;
    }

    private static Path path(Path base, String value, Path fallback) {
      if (value.isBlank()) {
        return fallback;
      }
      Path path = Path.of(value);
      return path.isAbsolute() ? path : base.resolve(path).normalize();
    }

    private List<GatewaySettings> gateways(JsonNode root) {
      JsonNode node = root.get("gateways");
      List<GatewaySettings> result = new ArrayList<>();
      if (node == null || node.isNull()) {
        return result;
      }
      if (!node.isArray()) {
        problems.add(
            new ConfigProblem(
                "gateways",
                "must be a list.",
                "write each gateway as a '- id: ...' item under 'gateways:'."));
        return result;
      }
      for (int i = 0; i < node.size(); i++) {
        String prefix = "gateways[" + i + "].";
        JsonNode g = node.get(i);
        if (!g.isObject()) {
          problems.add(
              new ConfigProblem(
                  "gateways[" + i + "]",
                  "must be a mapping.",
                  "give it id, type, admin-url, environment, application and owner."));
          continue;
        }
        knownKeys(
            g,
            prefix,
            Set.of(
                "id",
                "type",
                "admin-url",
                "environment",
                "application",
                "owner",
                "schedule",
                "off-peak-window",
                "time-zone",
                "secrets",
                "poll-interval",
                "tls"));
        result.add(
            new GatewaySettings(
                text(g, prefix, "id", ""),
                text(g, prefix, "type", "http-json"),
                text(g, prefix, "admin-url", ""),
                text(g, prefix, "environment", ""),
                text(g, prefix, "application", ""),
                text(g, prefix, "owner", ""),
                text(g, prefix, "schedule", ""),
                text(g, prefix, "off-peak-window", ""),
                text(g, prefix, "time-zone", "UTC"),
                text(g, prefix, "secrets", "keep"),
                text(g, prefix, "poll-interval", GatewaySettings.DEFAULT_POLL_INTERVAL)));
      }
      return result;
    }

    private JsonNode object(JsonNode parent, String prefix, String key) {
      JsonNode node = parent.get(key);
      if (node == null || node.isNull()) {
        return YAML.createObjectNode();
      }
      if (!node.isObject()) {
        problems.add(
            new ConfigProblem(
                prefix + key, "must be a mapping of settings.", "indent its settings under it."));
        return YAML.createObjectNode();
      }
      return node;
    }

    private void knownKeys(JsonNode node, String prefix, Set<String> known) {
      for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!known.contains(name)) {
          problems.add(
              new ConfigProblem(
                  prefix + name,
                  "is not a setting Gatevault knows.",
                  "correct the name or remove it; known here: "
                      + String.join(", ", new TreeSet<>(known))
                      + "."));
        }
      }
    }

    private String text(JsonNode parent, String prefix, String key, String fallback) {
      JsonNode node = parent.get(key);
      if (node == null || node.isNull()) {
        return fallback;
      }
      if (!node.isValueNode() || node.isArray()) {
        problems.add(
            new ConfigProblem(
                prefix + key, "must be a single value.", "write it as 'key: value'."));
        return fallback;
      }
      return node.asText().trim();
    }

    private int integer(JsonNode parent, String prefix, String key, int fallback) {
      JsonNode node = parent.get(key);
      if (node == null || node.isNull()) {
        return fallback;
      }
      if (!node.canConvertToInt() || !(node.isInt() || node.isTextual() && isInt(node.asText()))) {
        problems.add(
            new ConfigProblem(
                prefix + key,
                "must be a whole number, got '" + node.asText() + "'.",
                "write a number such as 8080."));
        return fallback;
      }
      return node.isInt() ? node.intValue() : Integer.parseInt(node.asText().trim());
    }

    private boolean bool(JsonNode parent, String prefix, String key, boolean fallback) {
      JsonNode node = parent.get(key);
      if (node == null || node.isNull()) {
        return fallback;
      }
      if (!node.isBoolean()) {
        problems.add(
            new ConfigProblem(
                prefix + key,
                "must be true or false, got '" + node.asText() + "'.",
                "write true or false."));
        return fallback;
      }
      return node.booleanValue();
    }

    private List<String> textList(JsonNode parent, String key, List<String> fallback) {
      JsonNode node = parent.get(key);
      if (node == null || node.isNull()) {
        return fallback;
      }
      if (!node.isArray()) {
        problems.add(
            new ConfigProblem(
                key, "must be a list.", "write it as [capture, encrypt] or as '- name' items."));
        return fallback;
      }
      List<String> values = new ArrayList<>();
      node.forEach(item -> values.add(item.asText().trim()));
      return values;
    }

    private static boolean isInt(String text) {
      try {
        Integer.parseInt(text.trim());
        return true;
      } catch (NumberFormatException e) {
        return false;
      }
    }
  }
}

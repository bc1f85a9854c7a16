package io.gatevault.registry.service;

import java.util.Map;

/**
 * Settings of the standalone registry, from command-line options, falling back to environment
 * variables, falling back to defaults.
 *
 * @param bootstrapServers Kafka cluster holding the schema topic ({@code --bootstrap-servers},
 *     {@code GATEVAULT_BOOTSTRAP_SERVERS}); required
 * @param port HTTP port ({@code --port}, {@code GATEVAULT_REGISTRY_PORT}); default 8081, 0 = free
 * @param topic schema topic ({@code --topic}, {@code GATEVAULT_REGISTRY_TOPIC}); default {@code
 *     _gatevault_schemas}
 * @param bindHost listen address ({@code --bind-host}, {@code GATEVAULT_REGISTRY_BIND_HOST});
 *     default 127.0.0.1
 * @param replicationFactor used if the topic must be created ({@code --replication-factor}, {@code
 *     GATEVAULT_REGISTRY_REPLICATION_FACTOR}); default 1
 */
record ServiceSettings(
    String bootstrapServers, int port, String topic, String bindHost, int replicationFactor) {

  static final String USAGE =
      """
      Usage: java -jar gatevault-schema-registry-service.jar --bootstrap-servers HOST:PORT[,...]
                 [--port 8081] [--topic _gatevault_schemas] [--bind-host 127.0.0.1]
                 [--replication-factor 1]
      Each option can also come from the environment: GATEVAULT_BOOTSTRAP_SERVERS,
      GATEVAULT_REGISTRY_PORT, GATEVAULT_REGISTRY_TOPIC, GATEVAULT_REGISTRY_BIND_HOST,
      GATEVAULT_REGISTRY_REPLICATION_FACTOR.""";

  private static final Map<String, String> ENVIRONMENT_NAMES =
      Map.of(
          "--bootstrap-servers", "GATEVAULT_BOOTSTRAP_SERVERS",
          "--port", "GATEVAULT_REGISTRY_PORT",
          "--topic", "GATEVAULT_REGISTRY_TOPIC",
          "--bind-host", "GATEVAULT_REGISTRY_BIND_HOST",
          "--replication-factor", "GATEVAULT_REGISTRY_REPLICATION_FACTOR");

  /**
   * @throws IllegalArgumentException naming the option that is unknown, missing or malformed
   */
  static ServiceSettings parse(String[] args, Map<String, String> environment) {
    Map<String, String> values = new java.util.HashMap<>();
    ENVIRONMENT_NAMES.forEach(
        (option, variable) -> {
          String value = environment.get(variable);
          if (value != null && !value.isBlank()) {
            values.put(option, value.trim());
          }
        });
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String option = arg;
      String value;
      int equals = arg.indexOf('=');
      if (equals > 0) {
        option = arg.substring(0, equals);
        value = arg.substring(equals + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        value = null;
      }
      if (!ENVIRONMENT_NAMES.containsKey(option)) {
        throw new IllegalArgumentException("Unknown option '" + option + "'");
      }
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("Option " + option + " needs a value");
      }
      values.put(option, value.trim());
    }
    String bootstrapServers = values.get("--bootstrap-servers");
    if (bootstrapServers == null) {
      throw new IllegalArgumentException(
          "No Kafka cluster given: pass --bootstrap-servers HOST:PORT or set"
              + " GATEVAULT_BOOTSTRAP_SERVERS");
    }
    return new ServiceSettings(
        bootstrapServers,
        number(values, "--port", 8081, 0, 65535),
        values.getOrDefault("--topic", "_gatevault_schemas"),
        values.getOrDefault("--bind-host", "127.0.0.1"),
        number(values, "--replication-factor", 1, 1, Short.MAX_VALUE));
  }

  private static int number(
      Map<String, String> values, String option, int fallback, int min, int max) {
    String text = values.get(option);
    if (text == null) {
      return fallback;
    }
    try {
      int number = Integer.parseInt(text);
      if (number >= min && number <= max) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        option + " must be a number from " + min + " to " + max + ", was '" + text + "'");
  }
}

package io.gatevault.allinone.config;

import io.gatevault.allinone.config.GatevaultConfig.GatewaySettings;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks the meaning of settings (ranges, combinations), after {@link ConfigLoader} typed them. */
public final class ConfigValidator {

  private static final Pattern GATEWAY_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final Pattern TAG_VALUE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}");
  private static final Set<String> GATEWAY_TYPES = Set.of("http-json");

  private ConfigValidator() {}

  /** Every problem in the configuration; empty when it can be used. */
  public static List<ConfigProblem> validate(GatevaultConfig config) {
    List<ConfigProblem> problems = new ArrayList<>();
    kafka(config, problems);
    registry(config, problems);
    controlPlane(config, problems);
    services(config, problems);
    gateways(config, problems);
    ports(config, problems);
    return problems;
  }

  private static void kafka(GatevaultConfig config, List<ConfigProblem> problems) {
    var kafka = config.kafka();
    switch (kafka.mode()) {
      case "embedded" -> port("kafka.port", kafka.port(), true, problems);
      case "external" -> {
        if (kafka.bootstrapServers().isBlank()) {
          problems.add(
              new ConfigProblem(
                  "kafka.bootstrap-servers",
                  "is required when kafka.mode is external.",
                  "set it to your brokers, e.g. 'kafka-1:9092,kafka-2:9092'."));
        } else {
          for (String server : kafka.bootstrapServers().split(",")) {
            if (!HOST_PORT.matcher(server.trim()).matches()) {
              problems.add(
                  new ConfigProblem(
                      "kafka.bootstrap-servers",
                      "has '" + server.trim() + "', which is not host:port.",
                      "list brokers as host:port separated by commas."));
            }
          }
        }
      }
      default ->
          problems.add(
              new ConfigProblem(
                  "kafka.mode",
                  "is '" + kafka.mode() + "'.",
                  "use 'embedded' (an in-process broker) or 'external' (your cluster)."));
    }
  }

  private static void registry(GatevaultConfig config, List<ConfigProblem> problems) {
    var registry = config.registry();
    switch (registry.mode()) {
      case "embedded" -> port("registry.port", registry.port(), true, problems);
      case "external" -> {
        if (!isHttpUrl(registry.url())) {
          problems.add(
              new ConfigProblem(
                  "registry.url",
                  registry.url().isBlank()
                      ? "is required when registry.mode is external."
                      : "is '" + registry.url() + "', not an http(s) URL.",
                  "set it to your Confluent-compatible registry, e.g."
                      + " 'http://schema-registry:8081'."));
        }
      }
      default ->
          problems.add(
              new ConfigProblem(
                  "registry.mode",
                  "is '" + registry.mode() + "'.",
                  "use 'embedded' or 'external'."));
    }
  }

  private static void controlPlane(GatevaultConfig config, List<ConfigProblem> problems) {
    var cp = config.controlPlane();
    port("control-plane.port", cp.port(), false, problems);
    if (!cp.allowRemote() && !isLoopback(cp.host())) {
      problems.add(
          new ConfigProblem(
              "control-plane.host",
              "is '" + cp.host() + "', which is not a loopback address.",
              "use 127.0.0.1, or set control-plane.allow-remote: true and put TLS and"
                  + " authentication in front of it."));
    }
  }

  private static void services(GatevaultConfig config, List<ConfigProblem> problems) {
    if (config.services().isEmpty()) {
      problems.add(
          new ConfigProblem(
              "services",
              "is empty, so nothing would run.",
              "list services to run, or remove the setting to run all of them."));
    }
    Set<String> seen = new HashSet<>();
    for (String service : config.services()) {
      if (!GatevaultConfig.ALL_SERVICES.contains(service)) {
        problems.add(
            new ConfigProblem(
                "services",
                "names '" + service + "', which is not a Gatevault service.",
                "choose from " + String.join(", ", GatevaultConfig.ALL_SERVICES) + "."));
      } else if (!seen.add(service)) {
        problems.add(
            new ConfigProblem(
                "services", "names '" + service + "' twice.", "list each service once."));
      }
    }
  }

  private static void gateways(GatevaultConfig config, List<ConfigProblem> problems) {
    Set<String> ids = new HashSet<>();
    List<GatewaySettings> gateways = config.gateways();
    for (int i = 0; i < gateways.size(); i++) {
      GatewaySettings g = gateways.get(i);
      String at = "gateways[" + i + "].";
      if (!GATEWAY_ID.matcher(g.id()).matches()) {
        problems.add(
            new ConfigProblem(
                at + "id",
                g.id().isBlank() ? "is missing." : "is '" + g.id() + "'.",
                "use lower-case letters, digits and '-', e.g. 'caddy-prod' (at most 63)."));
      } else if (!ids.add(g.id())) {
        problems.add(
            new ConfigProblem(
                at + "id",
                "'" + g.id() + "' is used by another gateway.",
                "give each its own id."));
      }
      if (!GATEWAY_TYPES.contains(g.type())) {
        problems.add(
            new ConfigProblem(
                at + "type",
                "is '" + g.type() + "'.",
                "use one of " + String.join(", ", GATEWAY_TYPES) + "."));
      }
      if (!isHttpUrl(g.adminUrl())) {
        problems.add(
            new ConfigProblem(
                at + "admin-url",
                g.adminUrl().isBlank() ? "is missing." : "is '" + g.adminUrl() + "', not a URL.",
                "set the gateway's admin API, e.g. 'http://127.0.0.1:2019/config/'."));
      }
      tag(at + "environment", g.environment(), "prod", problems);
      tag(at + "application", g.application(), "payments", problems);
      tag(at + "owner", g.owner(), "platform-team", problems);
    }
  }

  private static void ports(GatevaultConfig config, List<ConfigProblem> problems) {
    Map<Integer, String> used = new HashMap<>();
    claim(used, config.controlPlane().port(), "control-plane.port", problems);
    if (config.registry().mode().equals("embedded")) {
      claim(used, config.registry().port(), "registry.port", problems);
    }
    if (config.kafka().mode().equals("embedded")) {
      claim(used, config.kafka().port(), "kafka.port", problems);
    }
  }

  private static void claim(
      Map<Integer, String> used, int port, String setting, List<ConfigProblem> problems) {
    if (port == 0) {
      return;
    }
    String other = used.putIfAbsent(port, setting);
    if (other != null) {
      problems.add(
          new ConfigProblem(
              setting,
              "uses port " + port + ", as does " + other + ".",
              "give each its own port."));
    }
  }

  private static void tag(String setting, String value, String example, List<ConfigProblem> out) {
    if (!TAG_VALUE.matcher(value).matches()) {
      out.add(
          new ConfigProblem(
              setting,
              value.isBlank() ? "is missing." : "is '" + value + "'.",
              "every backup is tagged with it: use letters, digits, '.', '_' or '-', e.g. '"
                  + example
                  + "'."));
    }
  }

  private static void port(String setting, int port, boolean zeroAllowed, List<ConfigProblem> out) {
    if (port < (zeroAllowed ? 0 : 1) || port > 65535) {
      out.add(
          new ConfigProblem(
              setting,
              "is " + port + ".",
              zeroAllowed
                  ? "use a port from 1 to 65535, or 0 to pick a free one."
                  : "use a port from 1 to 65535."));
    }
  }

  private static boolean isHttpUrl(String value) {
    try {
      URI uri = new URI(value);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}

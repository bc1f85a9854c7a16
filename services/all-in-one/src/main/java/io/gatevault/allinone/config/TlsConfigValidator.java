package io.gatevault.allinone.config;

import io.gatevault.tls.PlaintextGuard;
import io.gatevault.tls.TlsConfigurationException;
import io.gatevault.tls.TlsMaterial;
import io.gatevault.tls.TlsSettings;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks the TLS of every outbound connection before anything starts: each configured trust and key
 * store opens with its password and at least one configured protocol exists in this JVM, and no
 * connection sends plaintext (http:// or Kafka PLAINTEXT) to another machine unless its {@code
 * tls.allow-plaintext} says so (then a WARN names the connection and the address).
 */
final class TlsConfigValidator {

  private TlsConfigValidator() {}

  static List<ConfigProblem> validate(GatevaultConfig config) {
    return validate(config, System::getenv);
  }

  static List<ConfigProblem> validate(
      GatevaultConfig config, Function<String, String> environment) {
    List<ConfigProblem> problems = new ArrayList<>();
    TlsConfig tls = config.tls();
    Set<String> origins = new LinkedHashSet<>();
    if (tls.defaults() != null) {
      origins.add("tls");
    }
    origins.addAll(tls.connections().keySet());
    for (String origin : origins) {
      TlsSettings settings = origin.equals("tls") ? tls.defaults() : tls.forConnection(origin);
      guard(problems, () -> TlsMaterial.load(settings, environment));
    }
    var gateways = config.gateways();
    for (int i = 0; i < gateways.size(); i++) {
      String adminUrl = gateways.get(i).adminUrl();
      TlsSettings settings = tls.forConnection("gateways[" + i + "].tls");
      String setting = "gateways[" + i + "].admin-url";
      guard(problems, () -> PlaintextGuard.checkUrl(setting, uri(adminUrl), settings));
    }
    if (config.registry().mode().equals("external")) {
      TlsSettings settings = tls.forConnection("registry.tls");
      for (String url : config.registry().url().split(",")) {
        guard(problems, () -> PlaintextGuard.checkUrl("registry.url", uri(url.trim()), settings));
      }
    }
    if (config.kafka().mode().equals("external") && !tls.kafkaUsesTls(config.kafka())) {
      TlsSettings settings = tls.forConnection("kafka.tls");
      guard(
          problems,
          () ->
              PlaintextGuard.checkKafka(
                  "kafka.bootstrap-servers", config.kafka().bootstrapServers(), settings));
    }
    var targets = config.targets();
    for (int i = 0; i < targets.size(); i++) {
      String endpoint = targets.get(i).s3().getOrDefault("endpoint", "");
      if (!endpoint.isBlank()) {
        TlsSettings settings = tls.forConnection("storage.targets[" + i + "].tls");
        String setting = "storage.targets[" + i + "].s3.endpoint";
        guard(problems, () -> PlaintextGuard.checkUrl(setting, uri(endpoint), settings));
      }
    }
    String kmsEndpoint = config.keyring().kms().endpoint();
    if (kmsEndpoint != null && !kmsEndpoint.isBlank()) {
      TlsSettings settings = tls.forConnection("keyring.kms.tls");
      guard(
          problems,
          () -> PlaintextGuard.checkUrl("keyring.kms.endpoint", uri(kmsEndpoint), settings));
    }
    return problems;
  }

  /** Runs a check, turning its TLS error into a problem (setting, what is wrong, the fix). */
  private static void guard(List<ConfigProblem> problems, Runnable check) {
    try {
      check.run();
    } catch (TlsConfigurationException e) {
      String message = e.getMessage().substring(e.setting().length() + 2);
      int fix = message.indexOf(" Fix: ");
      problems.add(
          fix < 0
              ? new ConfigProblem(e.setting(), message, "correct the setting.")
              : new ConfigProblem(
                  e.setting(), message.substring(0, fix), message.substring(fix + 6)));
    }
  }

  /** The URL, or null when it is not one (the other validators report that). */
  private static URI uri(String value) {
    try {
      return value == null || value.isBlank() ? null : URI.create(value.trim());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}

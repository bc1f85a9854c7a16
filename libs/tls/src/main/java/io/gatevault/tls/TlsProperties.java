package io.gatevault.tls;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@link TlsSettings} as flat properties under a prefix, the form a service reads when it runs
 * alone (Spring properties, environment variables) and the form the embedded default passes to it:
 *
 * <pre>
 * &lt;prefix&gt;.trust-store.path / .type / .password-env / .password-file
 * &lt;prefix&gt;.key-store.path / .type / .password-env / .password-file
 * &lt;prefix&gt;.protocols       comma-separated, e.g. TLSv1.3,TLSv1.2
 * &lt;prefix&gt;.allow-plaintext true to allow http:// or Kafka PLAINTEXT to another machine
 * &lt;prefix&gt;.origin          where the settings were configured, for messages (default: prefix)
 * </pre>
 */
public final class TlsProperties {

  private TlsProperties() {}

  /**
   * Reads the settings under {@code prefix}; the JVM's defaults (origin {@code prefix}) when none
   * is set.
   *
   * @param lookup a property by its full name, null when unset
   * @throws TlsConfigurationException for an unknown store type
   */
  public static TlsSettings read(String prefix, Function<String, String> lookup) {
    String origin = valueOr(lookup.apply(prefix + ".origin"), prefix);
    StoreFile trustStore = store(prefix + ".trust-store", origin + ".trust-store", lookup);
    StoreFile keyStore = store(prefix + ".key-store", origin + ".key-store", lookup);
    String protocols = lookup.apply(prefix + ".protocols");
    List<String> protocolList = new ArrayList<>();
    if (protocols != null && !protocols.isBlank()) {
      Arrays.stream(protocols.split(","))
          .map(String::trim)
          .filter(p -> !p.isEmpty())
          .forEach(protocolList::add);
    }
    boolean allowPlaintext = Boolean.parseBoolean(lookup.apply(prefix + ".allow-plaintext"));
    return new TlsSettings(origin, trustStore, keyStore, protocolList, allowPlaintext);
  }

  /**
   * The properties {@link #read} turns back into {@code settings}. A password given as a value (not
   * an environment variable or file) is not written: configuration files name where passwords are,
   * never the passwords.
   */
  public static Map<String, String> write(String prefix, TlsSettings settings) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put(prefix + ".origin", settings.origin());
    writeStore(prefix + ".trust-store", settings.trustStore(), properties);
    writeStore(prefix + ".key-store", settings.keyStore(), properties);
    properties.put(prefix + ".protocols", String.join(",", settings.protocols()));
    if (settings.allowPlaintext()) {
      properties.put(prefix + ".allow-plaintext", "true");
    }
    return properties;
  }

  private static StoreFile store(String prefix, String setting, Function<String, String> lookup) {
    String path = lookup.apply(prefix + ".path");
    if (path == null || path.isBlank()) {
      return null;
    }
    StoreType type = StoreType.parse(setting + ".type", lookup.apply(prefix + ".type"));
    String env = lookup.apply(prefix + ".password-env");
    String file = lookup.apply(prefix + ".password-file");
    PasswordSource password;
    if (env != null && !env.isBlank()) {
      password = PasswordSource.fromEnvironment(env.trim());
    } else if (file != null && !file.isBlank()) {
      password = PasswordSource.fromFile(Path.of(file.trim()));
    } else {
      throw new TlsConfigurationException(
          setting,
          "has a path but no password. Fix: set "
              + setting
              + ".password-env (an environment variable's name) or "
              + setting
              + ".password-file.");
    }
    return new StoreFile(Path.of(path.trim()), type, password);
  }

  private static void writeStore(String prefix, StoreFile store, Map<String, String> properties) {
    if (store == null) {
      return;
    }
    properties.put(prefix + ".path", store.path().toString());
    properties.put(prefix + ".type", store.type().name());
    PasswordSource password = store.password();
    if (password.environmentVariable() != null) {
      properties.put(prefix + ".password-env", password.environmentVariable());
    } else if (password.file() != null) {
      properties.put(prefix + ".password-file", password.file().toString());
    }
  }

  private static String valueOr(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value.trim();
  }
}

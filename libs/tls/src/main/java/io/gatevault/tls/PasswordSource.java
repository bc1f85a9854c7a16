package io.gatevault.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Where a store's password comes from: the name of an environment variable, a secret file (its
 * first line; e.g. a mounted Kubernetes or Docker secret), or a value handed over in process (from
 * Kafka-style {@code ssl.*.password} properties). Never shown by {@link #toString()} beyond its
 * source.
 *
 * @param environmentVariable name of the environment variable holding the password, or null
 * @param file file holding the password, or null
 * @param value the password itself, or null
 */
public record PasswordSource(String environmentVariable, Path file, String value) {

  public PasswordSource {
    int given =
        (environmentVariable != null ? 1 : 0) + (file != null ? 1 : 0) + (value != null ? 1 : 0);
    if (given != 1) {
      throw new IllegalArgumentException(
          "A password comes from exactly one of an environment variable, a file or a value; "
              + given
              + " were given");
    }
  }

  public static PasswordSource fromEnvironment(String name) {
    return new PasswordSource(name, null, null);
  }

  public static PasswordSource fromFile(Path file) {
    return new PasswordSource(null, file, null);
  }

  public static PasswordSource of(String value) {
    return new PasswordSource(null, null, value);
  }

  /**
   * The password.
   *
   * @param setting the setting this password belongs to, e.g. {@code tls.trust-store}, for errors
   * @param environment how to read environment variables ({@code System::getenv} in production)
   * @throws TlsConfigurationException when the variable is unset or the file unreadable
   */
  public char[] resolve(String setting, Function<String, String> environment) {
    if (value != null) {
      return value.toCharArray();
    }
    if (environmentVariable != null) {
      String found = environment.apply(environmentVariable);
      if (found == null) {
        throw new TlsConfigurationException(
            setting + ".password-env",
            "the environment variable "
                + environmentVariable
                + " is not set. Fix: export it with the store's password, or use password-file.");
      }
      return found.toCharArray();
    }
    try {
      String content = Files.readString(file, StandardCharsets.UTF_8);
      int lineEnd = content.indexOf('\n');
      String firstLine = lineEnd < 0 ? content : content.substring(0, lineEnd);
      return firstLine.strip().toCharArray();
    } catch (IOException e) {
      throw new TlsConfigurationException(
          setting + ".password-file",
          "cannot read "
              + file
              + " ("
              + e.getClass().getSimpleName()
              + "). Fix: point it at a readable file whose first line is the store's password.",
          e);
    }
  }

  /** Where the password comes from, for messages; never the password. */
  public String describe() {
    if (environmentVariable != null) {
      return "environment variable " + environmentVariable;
    }
    return file != null ? "file " + file : "the configured value";
  }

  @Override
  public String toString() {
    return "PasswordSource[" + describe() + "]";
  }
}

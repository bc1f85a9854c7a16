package io.gatevault.tls;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A trust store or key store on disk.
 *
 * @param path the file
 * @param type its format
 * @param password where its password comes from (for a key store also the private key's)
 */
public record StoreFile(Path path, StoreType type, PasswordSource password) {

  public StoreFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(password, "password");
  }
}

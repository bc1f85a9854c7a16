package io.gatevault.crypto;

/**
 * A wrapped data key could not be unwrapped: it was wrapped under another key-encryption key, or
 * for another encryption context (gateway, environment, artifact), or its bytes were altered.
 * Permanent: retrying with the same keyring gives the same answer.
 */
public class WrongKeyException extends RuntimeException {

  private final String artifactId;

  public WrongKeyException(String artifactId, String message, Throwable cause) {
    super(message, cause);
    this.artifactId = artifactId;
  }

  /** Artifact whose data key could not be unwrapped. */
  public String artifactId() {
    return artifactId;
  }
}

package io.gatevault.core.config;

/** What a sensitive field of a gateway configuration holds, with its {@link DataCategory}. */
public enum SensitiveKind {
  /** A password, a password hash or its salt. */
  CREDENTIAL("credential", DataCategory.SECRET),
  /** A private key (PEM or a key field of a plugin). */
  PRIVATE_KEY("private key", DataCategory.SECRET),
  /** An API key, bearer token, client secret or the value of an Authorization-like header. */
  API_KEY("API key or token", DataCategory.SECRET),
  /** A user name or login of a person (basic-auth accounts, consumers). */
  USERNAME("username", DataCategory.PERSONAL_DATA),
  /** A consumer or customer id that identifies a person or an organisation's user. */
  CONSUMER_ID("consumer id", DataCategory.PERSONAL_DATA),
  /** An e-mail address. */
  EMAIL_ADDRESS("e-mail address", DataCategory.PERSONAL_DATA),
  /** A client IP address or range in an allow or deny list. */
  CLIENT_IP("client IP address", DataCategory.PERSONAL_DATA);

  private final String label;
  private final DataCategory category;

  SensitiveKind(String label, DataCategory category) {
    this.label = label;
    this.category = category;
  }

  /** How reports name this kind. */
  public String label() {
    return label;
  }

  public DataCategory category() {
    return category;
  }

  public boolean isSecret() {
    return category == DataCategory.SECRET;
  }
}

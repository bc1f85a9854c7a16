package io.gatevault.messaging.serde;

import io.gatevault.messaging.registry.RestSchemaRegistryClient;
import io.gatevault.messaging.registry.SchemaRegistryClient;
import io.gatevault.messaging.registry.SchemaRegistryClientSettings;
import io.gatevault.tls.PasswordSource;
import io.gatevault.tls.StoreFile;
import io.gatevault.tls.StoreType;
import io.gatevault.tls.TlsConfigurationException;
import io.gatevault.tls.TlsSettings;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Settings of {@link ConfluentAvroSerializer} and {@link ConfluentAvroDeserializer}, under the
 * names Confluent's serde uses so that existing configurations carry over.
 *
 * @param client the registry client, built from the URL settings or passed in
 * @param registryDescription where the registry is, for error messages
 * @param autoRegisterSchemas whether the serializer registers schemas it does not find
 * @param useLatestVersion whether the serializer writes with the subject's latest schema
 * @param subjectNameStrategy how the serializer derives the subject
 * @param specificAvroReader whether the deserializer returns generated classes
 */
public record AvroSerdeConfig(
    SchemaRegistryClient client,
    String registryDescription,
    boolean autoRegisterSchemas,
    boolean useLatestVersion,
    SubjectNameStrategy subjectNameStrategy,
    boolean specificAvroReader) {

  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
  public static final String USE_LATEST_VERSION = "use.latest.version";
  public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
  public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";
  public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
  public static final String SCHEMA_REGISTRY_CACHE_CAPACITY = "schema.registry.cache.capacity";
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";

  /** TLS to the registry, under the names Confluent's client uses. */
  public static final String SSL_TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";

  public static final String SSL_TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
  public static final String SSL_TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
  public static final String SSL_KEYSTORE_LOCATION = "schema.registry.ssl.keystore.location";
  public static final String SSL_KEYSTORE_TYPE = "schema.registry.ssl.keystore.type";
  public static final String SSL_KEYSTORE_PASSWORD = "schema.registry.ssl.keystore.password";
  public static final String SSL_ENABLED_PROTOCOLS = "schema.registry.ssl.enabled.protocols";

  /** A {@link SchemaRegistryClient} instance to use instead of building one from the URL. */
  public static final String SCHEMA_REGISTRY_CLIENT = "gatevault.schema.registry.client";

  static final ConfigDef DEFINITION =
      new ConfigDef()
          .define(
              SCHEMA_REGISTRY_URL,
              Type.STRING,
              null,
              Importance.HIGH,
              "Comma-separated URLs of a Confluent-compatible schema registry, e.g."
                  + " http://localhost:8081. Required unless "
                  + SCHEMA_REGISTRY_CLIENT
                  + " is given.")
          .define(
              AUTO_REGISTER_SCHEMAS,
              Type.BOOLEAN,
              true,
              Importance.MEDIUM,
              "Register a record's schema if the subject does not have it yet. With false the"
                  + " schema must have been registered beforehand.")
          .define(
              USE_LATEST_VERSION,
              Type.BOOLEAN,
              false,
              Importance.MEDIUM,
              "Write with the subject's latest registered schema, converting the record to it.")
          .define(
              KEY_SUBJECT_NAME_STRATEGY,
              Type.STRING,
              SubjectNameStrategy.TOPIC_NAME.confluentName(),
              Importance.MEDIUM,
              "TopicNameStrategy, RecordNameStrategy or TopicRecordNameStrategy, for keys.")
          .define(
              VALUE_SUBJECT_NAME_STRATEGY,
              Type.STRING,
              SubjectNameStrategy.TOPIC_NAME.confluentName(),
              Importance.MEDIUM,
              "TopicNameStrategy, RecordNameStrategy or TopicRecordNameStrategy, for values.")
          .define(
              SPECIFIC_AVRO_READER,
              Type.BOOLEAN,
              false,
              Importance.MEDIUM,
              "Return generated SpecificRecord classes instead of GenericRecord.")
          .define(
              SCHEMA_REGISTRY_CACHE_CAPACITY,
              Type.INT,
              SchemaRegistryClientSettings.DEFAULT_CACHE_CAPACITY,
              ConfigDef.Range.atLeast(1),
              Importance.LOW,
              "Entries kept in each schema cache.")
          .define(
              BASIC_AUTH_USER_INFO,
              Type.PASSWORD,
              null,
              Importance.MEDIUM,
              "user:password for HTTP basic authentication against the registry.")
          .define(
              SSL_TRUSTSTORE_LOCATION,
              Type.STRING,
              null,
              Importance.MEDIUM,
              "Trust store with the CA of an https:// registry's certificate; the JVM's CAs when"
                  + " unset.")
          .define(SSL_TRUSTSTORE_TYPE, Type.STRING, "PKCS12", Importance.LOW, "PKCS12 or JKS.")
          .define(
              SSL_TRUSTSTORE_PASSWORD,
              Type.PASSWORD,
              null,
              Importance.MEDIUM,
              "Password of the trust store.")
          .define(
              SSL_KEYSTORE_LOCATION,
              Type.STRING,
              null,
              Importance.LOW,
              "Key store with a client certificate, for a registry that requires mutual TLS.")
          .define(SSL_KEYSTORE_TYPE, Type.STRING, "PKCS12", Importance.LOW, "PKCS12 or JKS.")
          .define(
              SSL_KEYSTORE_PASSWORD,
              Type.PASSWORD,
              null,
              Importance.LOW,
              "Password of the key store and its key.")
          .define(
              SSL_ENABLED_PROTOCOLS,
              Type.LIST,
              String.join(",", TlsSettings.DEFAULT_PROTOCOLS),
              Importance.LOW,
              "TLS versions to offer, most preferred first.");

  /**
   * Reads the settings Kafka passes to {@code configure}.
   *
   * @throws ConfigException naming the setting that is missing or wrong
   */
  public static AvroSerdeConfig from(Map<String, ?> configs, boolean isKey) {
    AbstractConfig parsed = new AbstractConfig(DEFINITION, configs, false);
    Object givenClient = configs.get(SCHEMA_REGISTRY_CLIENT);
    SchemaRegistryClient client;
    String description;
    if (givenClient instanceof SchemaRegistryClient instance) {
      client = instance;
      description = "the registry client given as " + SCHEMA_REGISTRY_CLIENT;
    } else if (givenClient != null) {
      throw new ConfigException(
          SCHEMA_REGISTRY_CLIENT,
          givenClient.getClass().getName(),
          "must be an instance of " + SchemaRegistryClient.class.getName());
    } else {
      String urls = parsed.getString(SCHEMA_REGISTRY_URL);
      if (urls == null || urls.isBlank()) {
        throw new ConfigException(
            "Missing required configuration \""
                + SCHEMA_REGISTRY_URL
                + "\": set it to the schema registry's URL, e.g. http://localhost:8081"
                + " (comma-separated for several)");
      }
      Password userInfo = parsed.getPassword(BASIC_AUTH_USER_INFO);
      try {
        client =
            new RestSchemaRegistryClient(
                SchemaRegistryClientSettings.forUrls(urls)
                    .withCacheCapacity(parsed.getInt(SCHEMA_REGISTRY_CACHE_CAPACITY))
                    .withBasicAuth(userInfo == null ? null : userInfo.value())
                    .withTls(tlsSettings(parsed)));
      } catch (TlsConfigurationException e) {
        throw new ConfigException(
            "The schema registry's TLS settings ("
                + SchemaRegistryClientSettings.TLS_ORIGIN
                + ".*) cannot be used: "
                + e.getMessage());
      } catch (IllegalArgumentException e) {
        throw new ConfigException(SCHEMA_REGISTRY_URL, urls, e.getMessage());
      }
      description = "the registry at " + urls;
    }
    String strategyKey = isKey ? KEY_SUBJECT_NAME_STRATEGY : VALUE_SUBJECT_NAME_STRATEGY;
    return new AvroSerdeConfig(
        client,
        description,
        parsed.getBoolean(AUTO_REGISTER_SCHEMAS),
        parsed.getBoolean(USE_LATEST_VERSION),
        SubjectNameStrategy.parse(strategyKey, parsed.getString(strategyKey)),
        parsed.getBoolean(SPECIFIC_AVRO_READER));
  }

  private static TlsSettings tlsSettings(AbstractConfig parsed) {
    String origin = SchemaRegistryClientSettings.TLS_ORIGIN;
    StoreFile trustStore =
        store(parsed, SSL_TRUSTSTORE_LOCATION, SSL_TRUSTSTORE_TYPE, SSL_TRUSTSTORE_PASSWORD);
    StoreFile keyStore =
        store(parsed, SSL_KEYSTORE_LOCATION, SSL_KEYSTORE_TYPE, SSL_KEYSTORE_PASSWORD);
    return new TlsSettings(
        origin, trustStore, keyStore, parsed.getList(SSL_ENABLED_PROTOCOLS), false);
  }

  private static StoreFile store(
      AbstractConfig parsed, String locationKey, String typeKey, String passwordKey) {
    String location = parsed.getString(locationKey);
    if (location == null || location.isBlank()) {
      return null;
    }
    Password password = parsed.getPassword(passwordKey);
    return new StoreFile(
        Path.of(location.trim()),
        StoreType.parse(typeKey, parsed.getString(typeKey)),
        PasswordSource.of(password == null ? "" : password.value()));
  }
}

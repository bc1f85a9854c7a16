package io.gatevault.messaging.registry;

import io.gatevault.tls.TlsSettings;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How {@link RestSchemaRegistryClient} reaches the registry.
 *
 * @param baseUrls registry root URLs; a request that fails transiently moves on to the next one
 * @param basicAuthUserInfo {@code user:password} for HTTP basic authentication, empty for none
 * @param cacheCapacity entries kept in each of the client's caches
 * @param connectTimeout how long to wait for a TCP connection
 * @param requestTimeout how long to wait for one answer
 * @param maxAttempts attempts per request before giving up on a transient failure (1 = no retry)
 * @param initialBackoff pause after the first failed attempt; doubles after each further failure
 * @param maxBackoff the longest pause between attempts
 * @param tls trust store, client key store and protocols for https:// URLs; the JVM's defaults when
 *     null
 */
public record SchemaRegistryClientSettings(
    List<URI> baseUrls,
    Optional<String> basicAuthUserInfo,
    int cacheCapacity,
    Duration connectTimeout,
    Duration requestTimeout,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    TlsSettings tls) {

  public static final int DEFAULT_CACHE_CAPACITY = 1000;

  /** Where the client's TLS settings come from when none are named: the serde's properties. */
  public static final String TLS_ORIGIN = "schema.registry.ssl";

  public SchemaRegistryClientSettings {
    baseUrls = List.copyOf(baseUrls);
    if (baseUrls.isEmpty()) {
      throw new IllegalArgumentException(
          "No schema registry URL given: set schema.registry.url, e.g. http://localhost:8081");
    }
    for (URI url : baseUrls) {
      if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
        throw new IllegalArgumentException(
            "Schema registry URL '" + url + "' must start with http:// or https://");
      }
    }
    tls = tls == null ? TlsSettings.jvmDefaults(TLS_ORIGIN) : tls;
    basicAuthUserInfo = basicAuthUserInfo.filter(info -> !info.isBlank());
    basicAuthUserInfo.ifPresent(
        info -> {
          if (!info.contains(":")) {
            throw new IllegalArgumentException(
                "basic.auth.user.info must be 'user:password' (the colon is missing)");
          }
        });
    if (cacheCapacity < 1) {
      throw new IllegalArgumentException(
          "schema.registry.cache.capacity must be at least 1, was " + cacheCapacity);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
  }

  /**
   * Settings with the defaults: no authentication, 1000 cache entries, 5 s connect and 10 s request
   * timeouts, 4 attempts with backoff from 200 ms doubling up to 2 s.
   *
   * @param commaSeparatedUrls one or more registry URLs separated by commas
   */
  public static SchemaRegistryClientSettings forUrls(String commaSeparatedUrls) {
    List<URI> urls = new ArrayList<>();
    for (String part : commaSeparatedUrls.split(",")) {
      String trimmed = part.trim();
      if (!trimmed.isEmpty()) {
        urls.add(URI.create(trimmed.endsWith("/") ? trimmed : trimmed + "/"));
      }
    }
    return new SchemaRegistryClientSettings(
        urls,
        Optional.empty(),
        DEFAULT_CACHE_CAPACITY,
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        4,
        Duration.ofMillis(200),
        Duration.ofSeconds(2),
        null);
  }

  public SchemaRegistryClientSettings withBasicAuth(String userInfo) {
    return new SchemaRegistryClientSettings(
        baseUrls,
        Optional.ofNullable(userInfo),
        cacheCapacity,
        connectTimeout,
        requestTimeout,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        tls);
  }

  public SchemaRegistryClientSettings withCacheCapacity(int capacity) {
    return new SchemaRegistryClientSettings(
        baseUrls,
        basicAuthUserInfo,
        capacity,
        connectTimeout,
        requestTimeout,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        tls);
  }

  public SchemaRegistryClientSettings withRetries(
      int attempts, Duration firstBackoff, Duration longestBackoff) {
    return new SchemaRegistryClientSettings(
        baseUrls,
        basicAuthUserInfo,
        cacheCapacity,
        connectTimeout,
        requestTimeout,
        attempts,
        firstBackoff,
        longestBackoff,
        tls);
  }

  public SchemaRegistryClientSettings withTimeouts(Duration connect, Duration request) {
    return new SchemaRegistryClientSettings(
        baseUrls,
        basicAuthUserInfo,
        cacheCapacity,
        connect,
        request,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        tls);
  }

  /** The same settings with {@code newTls} for https:// URLs. */
  public SchemaRegistryClientSettings withTls(TlsSettings newTls) {
    return new SchemaRegistryClientSettings(
        baseUrls,
        basicAuthUserInfo,
        cacheCapacity,
        connectTimeout,
        requestTimeout,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        newTls);
  }
}

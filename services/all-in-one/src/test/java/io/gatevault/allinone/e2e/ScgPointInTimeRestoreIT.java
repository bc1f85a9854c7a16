package io.gatevault.allinone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatevault.allinone.cli.ExitCodes;
import io.gatevault.allinone.cli.GatevaultCommand;
import io.gatevault.allinone.cli.StorageAccess;
import io.gatevault.allinone.config.ConfigLoader;
import io.gatevault.allinone.config.GatevaultConfig;
import io.gatevault.allinone.keys.KeyProviders;
import io.gatevault.allinone.keys.KeyringBootstrap;
import io.gatevault.core.changes.ChangeDetector;
import io.gatevault.core.changes.DetectedChange;
import io.gatevault.core.changes.EntityImage;
import io.gatevault.core.config.ConfigEntity;
import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.event.ChangeOperation;
import io.gatevault.core.event.KeyReference;
import io.gatevault.core.event.VerificationCheck;
import io.gatevault.core.event.VerificationStatus;
import io.gatevault.core.gateway.GatewayAdapter;
import io.gatevault.core.gateway.GatewayDescriptor;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.ManifestDocument;
import io.gatevault.core.storage.RepositoryLayout;
import io.gatevault.core.storage.VerificationDocument;
import io.gatevault.crypto.EncryptionContext;
import io.gatevault.crypto.EnvelopeSealer;
import io.gatevault.crypto.SealedBytes;
import io.gatevault.crypto.WrappingKeyReference;
import io.gatevault.gateways.GatewayAdapters;
import io.gatevault.gateways.scg.ScgProcess;
import io.gatevault.gateways.scg.SpringCloudGatewayAdapter;
import io.gatevault.testsupport.RedisProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Point-in-time restore of a real Spring Cloud Gateway (the testbed) with Redis-backed rate
 * limiting on a real redis-server: a verified snapshot, then timed route changes made behind
 * Gatevault's back through SCG's actuator (a basic-auth route added, a rate limit tightened, a
 * route removed), each followed by recording the route definitions, the traffic (routes, basic
 * auth, a burst against the limiter) and the time; the change log written as two sealed change
 * segments the way capture leaves it; then {@code restore --at / --seq --from <target>} to several
 * moments, each compared with the recording.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScgPointInTimeRestoreIT {

  private static final String GATEWAY = "scg-pitr";
  private static final String ENVIRONMENT = "test";
  private static final String PASSWORD = "alice-pass-7";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private RedisProcess redis;
  private ScgProcess scg;
  private GatewayAdapter adapter;
  private Path configFile;
  private BackupStore local;
  private EnvelopeSealer sealer;
  private String actuator;
  private final List<Moment> moments = new ArrayList<>();
  private final List<Line> log = new ArrayList<>();

  private record Moment(Instant at, long lastSequence, String config, List<String> traffic) {}

  private record Line(long sequence, DetectedChange change, Instant occurredAt) {}

  private record Run(int exit, String out) {}

  @BeforeAll
  void snapshotThenScriptedChangesThenSealedSegments() throws Exception {
    Assumptions.assumeTrue(RedisProcess.isInstalled(), RedisProcess.NOT_INSTALLED);
    redis = RedisProcess.start();
    scg =
        ScgProcess.start(
            ScgProcess.Options.defaults()
                .withExtraArguments(List.of("--spring.data.redis.port=" + redis.port())));
    String base = scg.managementUrl().toString().replaceAll("/+$", "");
    actuator = base.endsWith("/actuator") ? base : base + "/actuator";
    configFile = dir.resolve("gatevault.yml");
    Files.writeString(
        configFile,
        """
        data-dir: data
        storage:
          targets:
            - {id: local, path: targets/local, medium: FILESYSTEM}
            - {id: removable, path: targets/removable, medium: REMOVABLE_MEDIA}
            - {id: offsite, path: targets/offsite, medium: FILESYSTEM, off-site: true}
        gateways:
          - {id: %s, type: spring-cloud-gateway, admin-url: "%s", environment: %s,
             application: shop, owner: platform-team}
        """
            .formatted(GATEWAY, scg.managementUrl(), ENVIRONMENT));
    GatevaultConfig config = ConfigLoader.load(configFile);
    new KeyringBootstrap(config.keyring()).ensure();
    sealer = new EnvelopeSealer(KeyProviders.forSealing(config.keyring()));
    local =
        StorageAccess.all(config).stream()
            .filter(store -> store.describe().targetId().equals("local"))
            .findFirst()
            .orElseThrow();
    adapter =
        GatewayAdapters.create(
            new GatewayDescriptor(
                GATEWAY,
                SpringCloudGatewayAdapter.TYPE,
                scg.managementUrl(),
                ENVIRONMENT,
                "shop",
                "platform-team"));

    // Moment 0: an open route and a limited one (burst 3), snapshotted with watermark 0.
    putRoute(openRoute());
    putRoute(limitedRoute(3));
    refresh();
    ConfigSnapshot previous = adapter.dump();
    Instant snapshotAt = Instant.now();
    seal(
        "scg-base-0",
        GATEWAY + "-20261126-1200-full.json",
        ArtifactKind.SNAPSHOT,
        previous.toDocument(),
        0,
        snapshotAt);
    moments.add(new Moment(snapshotAt, 0, previous.nativeConfig(), observe()));

    List<Runnable> script =
        List.of(
            () -> putRoute(secureRoute()),
            () -> putRoute(limitedRoute(1)),
            () -> deleteRoute("open"));
    long sequence = 0;
    for (Runnable change : script) {
      Thread.sleep(1_100);
      change.run();
      refresh();
      Instant occurredAt = Instant.now();
      ConfigSnapshot current = adapter.dump();
      for (DetectedChange detected : ChangeDetector.detect(previous, current)) {
        log.add(new Line(++sequence, detected, occurredAt));
      }
      previous = current;
      moments.add(new Moment(occurredAt, sequence, current.nativeConfig(), observe()));
    }
    assertThat(sequence).isGreaterThanOrEqualTo(3);
    sealSegment(1, moments.get(1).lastSequence());
    sealSegment(moments.get(1).lastSequence() + 1, sequence);
  }

  @AfterAll
  void stop() {
    if (scg != null) {
      scg.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void restoresToSeveralMomentsBringBackTheirRoutesAuthAndRateLimits() throws Exception {
    // What was recorded differs at every moment, the limiter (Redis) included.
    assertThat(moments.get(0).traffic())
        .containsExactly("200", "404", "404", "404", "/limited burst: 200 200 200 429");
    assertThat(moments.get(1).traffic())
        .containsExactly("200", "401", "401", "200", "/limited burst: 200 200 200 429");
    assertThat(moments.get(2).traffic())
        .containsExactly("200", "401", "401", "200", "/limited burst: 200 429 429 429");
    assertThat(moments.get(3).traffic())
        .containsExactly("404", "401", "401", "200", "/limited burst: 200 429 429 429");
    // The gateway runs the last moment; restore back in time and forward again.
    for (int moment : new int[] {1, 0, 2, 3}) {
      Run restored =
          cli(
              "restore",
              GATEWAY,
              "--at",
              moments.get(moment).at().plusMillis(500).toString(),
              "--from",
              "local");

      assertThat(restored.exit()).as(restored.out()).isEqualTo(ExitCodes.OK);
      assertThat(adapter.dump().nativeConfig())
          .as("moment " + moment)
          .isEqualTo(moments.get(moment).config());
      assertThat(observe()).as("moment " + moment).isEqualTo(moments.get(moment).traffic());
    }
    long sequence = moments.get(1).lastSequence();
    Run bySequence = cli("restore", GATEWAY, "--seq", Long.toString(sequence), "--from", "local");
    assertThat(bySequence.exit()).as(bySequence.out()).isEqualTo(ExitCodes.OK);
    assertThat(adapter.dump().nativeConfig()).isEqualTo(moments.get(1).config());
    assertThat(observe()).isEqualTo(moments.get(1).traffic());
  }

  private static String openRoute() {
    return """
        {"id":"open","predicates":["Path=/open/**"],"filters":[],"uri":"forward:/origin/echo"}""";
  }

  /**
   * {@code burst} requests, then 429: each request costs 10 tokens and one token comes back per
   * second, so a slow machine cannot refill the bucket during the burst.
   */
  private static String limitedRoute(int burst) {
    return """
        {"id":"limited","predicates":["Path=/limited/**"],
         "filters":[{"name":"RequestRateLimiter","args":{
           "redis-rate-limiter.replenishRate":"1","redis-rate-limiter.burstCapacity":"%d",
           "redis-rate-limiter.requestedTokens":"10","key-resolver":"#{@clientKeyResolver}"}}],
         "uri":"forward:/origin/echo"}"""
        .formatted(burst * 10);
  }

  private static String secureRoute() {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(PASSWORD.getBytes(StandardCharsets.UTF_8));
      return """
          {"id":"secure","predicates":["Path=/secure/**"],
           "filters":["BasicAuth=alice, sha256:%s"],"uri":"forward:/origin/echo"}"""
          .formatted(HexFormat.of().formatHex(digest));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A route created or replaced through SCG's actuator, not through Gatevault. */
  private void putRoute(String definition) {
    try {
      String id = JSON.readTree(definition).path("id").asText();
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(actuator + "/gateway/routes/" + id))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(definition))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void deleteRoute(String id) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(actuator + "/gateway/routes/" + id))
                  .DELETE()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void refresh() {
    try {
      http.send(
          HttpRequest.newBuilder(URI.create(actuator + "/gateway/refresh"))
              .POST(HttpRequest.BodyPublishers.noBody())
              .build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Routes, basic auth, and a burst of 4 from a fresh client against the limiter. */
  private List<String> observe() throws Exception {
    List<String> seen = new ArrayList<>();
    seen.add(get("/open/x", null, null));
    seen.add(get("/secure/x", null, null));
    seen.add(get("/secure/x", "alice:wrong", null));
    seen.add(get("/secure/x", "alice:" + PASSWORD, null));
    // The first request on a (re)loaded route is slow; keep it out of the burst.
    get("/limited/x", null, "warm-up-" + UUID.randomUUID());
    String client = "pitr-" + UUID.randomUUID();
    StringBuilder burst = new StringBuilder("/limited burst:");
    for (int i = 0; i < 4; i++) {
      burst.append(' ').append(get("/limited/x", null, client));
    }
    seen.add(burst.toString());
    return seen;
  }

  private String get(String path, String credentials, String clientId) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(scg.proxyUrl().toString().replaceAll("/+$", "") + path))
            .timeout(Duration.ofSeconds(10));
    if (credentials != null) {
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
    if (clientId != null) {
      request.header("X-Client-Id", clientId);
    }
    return Integer.toString(
        http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode());
  }

  private void sealSegment(long first, long last) throws Exception {
    StringBuilder lines = new StringBuilder();
    for (Line line : log) {
      if (line.sequence() < first || line.sequence() > last) {
        continue;
      }
      DetectedChange change = line.change();
      ConfigEntity subject = change.after() != null ? change.after() : change.before();
      Map<String, Object> entry = new TreeMap<>();
      entry.put("sequence", line.sequence());
      entry.put("op", change.op().name());
      entry.put("entityType", subject.type());
      entry.put("entityId", subject.id());
      entry.put("naturalKey", subject.naturalKey());
      entry.put("before", change.before() == null ? null : EntityImage.encode(change.before()));
      entry.put(
          "after",
          change.op() == ChangeOperation.DELETE ? null : EntityImage.encode(change.after()));
      entry.put("feed", "poll-diff");
      entry.put("reference", null);
      entry.put("actor", null);
      entry.put("occurredAt", line.occurredAt().toString());
      entry.put("capturedAt", line.occurredAt().toString());
      entry.put("eventId", "change-" + line.sequence());
      lines.append(JSON.writeValueAsString(entry)).append('\n');
    }
    seal(
        "scg-segment-" + first + "-" + last,
        first + "-" + last,
        ArtifactKind.CHANGE_SEGMENT,
        lines.toString().getBytes(StandardCharsets.UTF_8),
        last,
        Instant.now());
  }

  private void seal(
      String artifactId,
      String name,
      ArtifactKind kind,
      byte[] plaintext,
      long watermark,
      Instant createdAt) {
    SealedBytes sealed =
        sealer.seal(plaintext, new EncryptionContext(GATEWAY, ENVIRONMENT, artifactId));
    WrappingKeyReference key = sealed.envelope().keyReference();
    ManifestDocument manifest =
        new ManifestDocument(
            1,
            artifactId,
            GATEWAY,
            ENVIRONMENT,
            name,
            kind,
            1,
            EnvelopeSealer.CIPHER,
            new KeyReference(
                key.keyringId(),
                key.keyId(),
                key.keyVersion(),
                RepositoryLayout.wrappedKey(ENVIRONMENT, GATEWAY, artifactId, key.keyVersion())),
            plaintext.length,
            sealed.ciphertext().length,
            sealed.envelope().ciphertextSha256(),
            watermark,
            "daily",
            Map.of("BackupType", kind == ArtifactKind.SNAPSHOT ? "FULL" : "INCREMENTAL"),
            null,
            createdAt);
    local.put(manifest.artifactKey(), sealed.ciphertext());
    local.put(manifest.wrappedKeyKey(), sealed.envelope().wrappedDataKey().bytes());
    local.put(manifest.manifestKey(), manifest.toJson());
    Instant verifiedAt = createdAt.plusMillis(1);
    local.put(
        RepositoryLayout.verification(ENVIRONMENT, GATEWAY, artifactId, verifiedAt),
        new VerificationDocument(
                1,
                artifactId,
                GATEWAY,
                ENVIRONMENT,
                VerificationStatus.SUCCESS,
                List.of(new VerificationCheck("unseal", "local", true, "test pipeline")),
                verifiedAt)
            .toJson());
  }

  private Run cli(String... args) {
    String[] full =
        Stream.concat(Stream.of(args), Stream.of("--config", configFile.toString()))
            .toArray(String[]::new);
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream both = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setOut(both);
    System.setErr(both);
    try {
      int exit = GatevaultCommand.commandLine().execute(full);
      return new Run(exit, captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }
}

package io.gatevault.allinone.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatevault.allinone.cli.ControlPlaneClient;
import io.gatevault.allinone.cli.GatevaultCommand;
import io.gatevault.allinone.cli.StorageAccess;
import io.gatevault.allinone.config.ConfigLoader;
import io.gatevault.allinone.config.GatevaultConfig;
import io.gatevault.allinone.restore.SingleTargetBackupSource;
import io.gatevault.allinone.stack.EmbeddedStack;
import io.gatevault.allinone.stack.Progress;
import io.gatevault.core.event.ConfigChange;
import io.gatevault.core.storage.BackupCatalog;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.ManifestDocument;
import io.gatevault.core.storage.StoredBackup;
import io.gatevault.crypto.EncryptionContext;
import io.gatevault.crypto.EnvelopeUnsealer;
import io.gatevault.crypto.KeystoreLoader;
import io.gatevault.crypto.KeystoreSettings;
import io.gatevault.crypto.rotation.WrappedKeyObjects;
import io.gatevault.stream.GatevaultTopics;
import io.gatevault.stream.testing.TopicProbe;
import io.gatevault.testsupport.CaddyProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What the end-to-end tests of the whole Gatevault do alike, around one {@code gatevault.yml} in a
 * test's directory: write it, start the embedded stack from it, run the CLI against it as a user
 * would (capturing what it prints), send requests through the gateway's site port, read the changes
 * capture published, and wait for the control plane to list a verified backup or segment.
 *
 * <p>One instance per test class; {@link #close()} stops the stack it started.
 */
final class E2eFixture implements AutoCloseable {

  /** How long a wait for the pipeline may take before the test fails naming what it waited for. */
  static final Duration WAIT = Duration.ofSeconds(90);

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a CLI run returned and printed. */
  record Run(int exit, String out) {}

  private final Path dir;
  private final Path configFile;
  private final HttpClient http = HttpClient.newHttpClient();
  private int sitePort;
  private String siteUrl;
  private EmbeddedStack stack;
  private CaddyProcess caddy;

  /**
   * @param dir the test's directory; {@code gatevault.yml} is written there and its relative paths
   *     (data-dir, targets) resolve there
   */
  E2eFixture(Path dir) {
    this.dir = dir;
    this.configFile = dir.resolve("gatevault.yml");
  }

  Path dir() {
    return dir;
  }

  Path configFile() {
    return configFile;
  }

  /** Writes {@code gatevault.yml}. */
  E2eFixture writeConfig(String yaml) {
    try {
      Files.writeString(configFile, yaml);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write " + configFile, e);
    }
  }

  /**
   * The storage section most end-to-end tests use: three targets under {@code targets/}, {@code
   * local}, {@code removable} (removable media) and {@code offsite} (off-site).
   */
  static final String THREE_TARGETS =
      """
      storage:
        targets:
          - {id: local, path: targets/local, medium: FILESYSTEM}
          - {id: removable, path: targets/removable, medium: REMOVABLE_MEDIA}
          - {id: offsite, path: targets/offsite, medium: FILESYSTEM, off-site: true}
      """;

  /** The ids of {@link #THREE_TARGETS}. */
  static final List<String> TARGET_IDS = List.of("local", "removable", "offsite");

  /**
   * Writes {@code gatevault.yml} with data-dir {@code data}, the registry and control plane on free
   * ports, {@link #THREE_TARGETS}, then {@code rest} (the gateways, changes settings).
   */
  E2eFixture writeConfigOnThreeTargets(String rest) {
    return writeConfig(
        """
        data-dir: data
        registry: {port: 0}
        control-plane: {port: 0}
        """
            + THREE_TARGETS
            + rest);
  }

  /** Starts the embedded stack from {@code gatevault.yml}, its progress lines discarded. */
  EmbeddedStack startStack() {
    stack =
        new EmbeddedStack(
                ConfigLoader.load(configFile),
                new Progress(new PrintStream(new ByteArrayOutputStream()), 9))
            .start();
    return stack;
  }

  EmbeddedStack stack() {
    return stack;
  }

  ControlPlaneClient controlPlane() {
    return new ControlPlaneClient(stack.controlPlaneUrl());
  }

  /** Stops the stack this fixture started, if it runs. */
  void stopStack() {
    if (stack != null) {
      stack.close();
      stack = null;
    }
  }

  @Override
  public void close() {
    stopStack();
    if (caddy != null) {
      caddy.close();
      caddy = null;
    }
  }

  // --- the command line ---

  /**
   * Runs {@code gatevault <args> --config <file>} in this JVM, capturing what it prints to both
   * streams. Logging is quieted while it runs: the services share this JVM and log to the console,
   * which would mix into the output (the CLI alone logs warnings only).
   */
  Run cli(String... args) {
    return quietly(() -> execute(withConfig(args), true));
  }

  /** As {@link #cli}, with another configuration file. */
  Run cliWithConfig(Path config, String... args) {
    String[] full =
        Stream.concat(Stream.of(args), Stream.of("--config", config.toString()))
            .toArray(String[]::new);
    return quietly(() -> execute(full, true));
  }

  /** As {@link #cli}, with {@code --url <control plane>} added. */
  Run cliOnline(String... args) {
    return cli(
        Stream.concat(Stream.of(args), Stream.of("--url", stack.controlPlaneUrl()))
            .toArray(String[]::new));
  }

  /** As {@link #cli}, capturing standard output only (for {@code --json}). */
  Run cliStdout(String... args) {
    return quietly(() -> execute(withConfig(args), false));
  }

  /** As {@link #cliStdout}, with {@code --url <control plane>} added. */
  Run cliStdoutOnline(String... args) {
    return cliStdout(
        Stream.concat(Stream.of(args), Stream.of("--url", stack.controlPlaneUrl()))
            .toArray(String[]::new));
  }

  private String[] withConfig(String... args) {
    return Stream.concat(Stream.of(args), Stream.of("--config", configFile.toString()))
        .toArray(String[]::new);
  }

  private static Run execute(String[] full, boolean withStandardError) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream printed = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setOut(printed);
    if (withStandardError) {
      System.setErr(printed);
    }
    try {
      int exit = GatevaultCommand.commandLine().execute(full);
      return new Run(exit, captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  private static Run quietly(java.util.function.Supplier<Run> command) {
    ch.qos.logback.classic.Logger root =
        (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ch.qos.logback.classic.Level level = root.getLevel();
    root.setLevel(ch.qos.logback.classic.Level.OFF);
    try {
      return command.get();
    } finally {
      root.setLevel(level);
    }
  }

  // --- the gateway's site ---

  /** A free loopback port for the gateway's site, which {@link #caddyConfig} puts in. */
  int sitePort(int port) {
    this.sitePort = port;
    this.siteUrl = "http://127.0.0.1:" + port;
    return port;
  }

  /** Sends {@link #get} requests to this base URL instead (a gateway not on a site port). */
  void siteUrl(String baseUrl) {
    this.siteUrl = baseUrl;
  }

  /**
   * Starts a real Caddy with {@code configJson} (its site on {@link #sitePort}), stopped by {@link
   * #close()} after the stack.
   */
  CaddyProcess startCaddy(String configJson) {
    caddy = CaddyProcess.start(configJson);
    return caddy;
  }

  /** A Caddy configuration from {@code src/test/resources/e2e/}, {@code ${SITE_PORT}} filled in. */
  String caddyConfig(String resource) {
    try (InputStream in = E2eFixture.class.getResourceAsStream("/e2e/" + resource)) {
      if (in == null) {
        throw new IllegalArgumentException("No test resource /e2e/" + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("${SITE_PORT}", Integer.toString(sitePort));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read /e2e/" + resource, e);
    }
  }

  /**
   * What a client sees at {@code path} on the site: {@code <path>[ as <credentials>] -> <status>
   * <X-Release or -> <body>}.
   *
   * @param credentials {@code user:password} for basic auth, or null
   * @param apiKey an {@code X-Api-Key} header, or null
   */
  String get(String path, String credentials, String apiKey) {
    HttpResponse<String> response = request(path, credentials, apiKey);
    return path
        + (credentials == null ? "" : " as " + credentials)
        + " -> "
        + response.statusCode()
        + " "
        + response.headers().firstValue("X-Release").orElse("-")
        + " "
        + response.body();
  }

  /** What a client gets at {@code path} on the site as {@code <status> <body>}. */
  String answer(String path, String credentials, String apiKey) {
    HttpResponse<String> response = request(path, credentials, apiKey);
    return response.statusCode() + " " + response.body();
  }

  private HttpResponse<String> request(String path, String credentials, String apiKey) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(siteUrl + path)).timeout(Duration.ofSeconds(10));
    if (credentials != null) {
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
    if (apiKey != null) {
      request.header("X-Api-Key", apiKey);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("No answer from " + siteUrl + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
  }

  String get(String path, String credentials) {
    return get(path, credentials, null);
  }

  // --- what capture published ---

  /** The gateway's changes on gatevault.changes.raw, by sequence, waiting up to {@code wait}. */
  List<ConfigChange> changes(String gatewayId, Duration wait) {
    try (TopicProbe probe = new TopicProbe(stack.bootstrapServers(), stack.registryUrl())) {
      return probe
          .awaitEvents(
              GatevaultTopics.CHANGES_RAW,
              ConfigChange.class,
              c -> c.gatewayId().equals(gatewayId),
              Integer.MAX_VALUE,
              wait)
          .stream()
          .sorted(Comparator.comparingLong(ConfigChange::sequence))
          .toList();
    }
  }

  /** The gateway's highest published sequence, 0 when none. */
  long lastSequence(String gatewayId) {
    List<ConfigChange> all = changes(gatewayId, Duration.ofSeconds(2));
    return all.isEmpty() ? 0 : all.get(all.size() - 1).sequence();
  }

  /** Waits until capture published a change of the gateway above {@code sequence}. */
  List<ConfigChange> awaitChangesAbove(String gatewayId, long sequence) {
    Instant deadline = Instant.now().plus(WAIT);
    while (Instant.now().isBefore(deadline)) {
      List<ConfigChange> above =
          changes(gatewayId, Duration.ofSeconds(2)).stream()
              .filter(c -> c.sequence() > sequence)
              .toList();
      if (!above.isEmpty()) {
        return above;
      }
    }
    throw new AssertionError("capture published no change above sequence " + sequence);
  }

  /**
   * Changes Caddy's running configuration behind Gatevault's back, as an operator would ({@code
   * POST /load}), a little over a second after the previous change (so moments are apart), and
   * waits until capture published that poll's changes.
   *
   * @return a moment to restore to: the first whole millisecond after the last change of that poll
   *     (see {@link #changeAndAwaitPoll})
   */
  Instant changeBehindGatevaultsBack(
      CaddyProcess caddy, String gatewayId, Consumer<ObjectNode> change)
      throws InterruptedException {
    return changeAndAwaitPoll(
        gatewayId,
        () -> {
          ObjectNode running;
          try {
            running = (ObjectNode) JSON.readTree(caddy.config());
          } catch (IOException e) {
            throw new UncheckedIOException("Caddy's configuration is not JSON", e);
          }
          running.remove("admin");
          change.accept(running);
          caddy.load(running.toString());
        });
  }

  /**
   * Makes a change to the gateway behind Gatevault's back a little over a second after the previous
   * one (so moments are apart) and waits until capture published that poll's changes.
   *
   * @return the first whole millisecond after the last change of that poll. The topic carries a
   *     change's time in milliseconds while segments keep the full instant, so the topic's time can
   *     be just before the change as a segment records it; {@code restore --at} the returned moment
   *     includes the change, and nothing later (the next change comes over a second after).
   */
  Instant changeAndAwaitPoll(String gatewayId, Runnable change) throws InterruptedException {
    Thread.sleep(1_100);
    long before = lastSequence(gatewayId);
    change.run();
    awaitChangesAbove(gatewayId, before);
    Thread.sleep(600); // the rest of that poll's changes
    return awaitChangesAbove(gatewayId, before).stream()
        .map(ConfigChange::occurredAt)
        .max(Comparator.naturalOrder())
        .orElseThrow()
        .truncatedTo(ChronoUnit.MILLIS)
        .plusMillis(1);
  }

  // --- what the control plane lists ---

  /** Waits until the control plane lists a verified (SUCCESS) backup of the gateway. */
  void awaitVerifiedFullBackup(String gatewayId) throws InterruptedException {
    Instant deadline = Instant.now().plus(WAIT);
    ControlPlaneClient api = controlPlane();
    while (Instant.now().isBefore(deadline)) {
      for (JsonNode backup :
          api.get("/api/v1/backups?gateway=" + gatewayId + "&limit=10").body().path("backups")) {
        if ("SUCCESS".equals(backup.path("status").asText())) {
          return;
        }
      }
      Thread.sleep(300);
    }
    throw new AssertionError("the full backup was not verified within " + WAIT);
  }

  /** The gateway's change segments as the control plane lists them, by first sequence. */
  List<JsonNode> segments(String gatewayId) {
    JsonNode backups =
        controlPlane()
            .get("/api/v1/backups?gateway=" + gatewayId + "&limit=1000&changes=true")
            .body();
    List<JsonNode> segments = new ArrayList<>();
    for (JsonNode backup : backups.path("backups")) {
      if ("CHANGES".equals(backup.path("type").asText())) {
        segments.add(backup);
      }
    }
    segments.sort(Comparator.comparingLong(s -> s.path("tags").path("FirstSequence").asLong()));
    return segments;
  }

  /** Waits until the control plane lists a verified change segment starting at {@code first}. */
  JsonNode awaitVerifiedSegmentStartingAt(String gatewayId, long first)
      throws InterruptedException {
    return awaitVerifiedSegment(
        gatewayId,
        segment -> segment.path("tags").path("FirstSequence").asLong() == first,
        "starting at " + first);
  }

  /** Waits until the control plane lists a verified change segment ending at {@code last}. */
  void awaitVerifiedSegmentEndingAt(String gatewayId, long last) throws InterruptedException {
    awaitVerifiedSegment(
        gatewayId,
        segment -> segment.path("tags").path("LastSequence").asLong() == last,
        "ending at " + last);
  }

  /**
   * Waits until the control plane lists a verified change segment holding {@code sequence} or a
   * later one (capture sealed it by itself).
   */
  void awaitVerifiedSegmentHolding(String gatewayId, long sequence) throws InterruptedException {
    awaitVerifiedSegment(
        gatewayId,
        segment -> segment.path("tags").path("LastSequence").asLong() >= sequence,
        "holding sequence " + sequence);
  }

  private JsonNode awaitVerifiedSegment(String gatewayId, Predicate<JsonNode> wanted, String what)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(WAIT);
    List<JsonNode> seen = List.of();
    while (Instant.now().isBefore(deadline)) {
      seen = segments(gatewayId);
      for (JsonNode segment : seen) {
        if (wanted.test(segment) && "SUCCESS".equals(segment.path("status").asText())) {
          return segment;
        }
      }
      Thread.sleep(300);
    }
    throw new AssertionError("no verified segment " + what + ": " + seen);
  }

  /**
   * Asks the control plane for a FULL backup of the gateway and waits until its newest backup is
   * verified.
   *
   * @return the newest backup as the control plane lists it
   */
  JsonNode backUpAndAwaitVerified(String gatewayId, String description, String idempotencyKey)
      throws InterruptedException {
    requestFullBackup(gatewayId, description, idempotencyKey);
    return awaitNewestBackupVerified(gatewayId);
  }

  /** Asks the control plane for a FULL backup of the gateway; fails unless it is accepted. */
  void requestFullBackup(String gatewayId, String description, String idempotencyKey) {
    ControlPlaneClient.Reply requested =
        controlPlane()
            .post(
                "/api/v1/gateways/" + gatewayId + "/backups",
                Map.of("type", "FULL", "description", description, "requestedBy", "e2e"),
                idempotencyKey);
    if (requested.status() != 202) {
      throw new AssertionError("backup of " + gatewayId + " not accepted: " + requested.body());
    }
  }

  /** Waits until the gateway's newest backup on the control plane is verified, and returns it. */
  JsonNode awaitNewestBackupVerified(String gatewayId) throws InterruptedException {
    ControlPlaneClient api = controlPlane();
    Instant deadline = Instant.now().plus(WAIT);
    JsonNode last = null;
    while (Instant.now().isBefore(deadline)) {
      JsonNode backups = api.get("/api/v1/backups?gateway=" + gatewayId + "&limit=1").body();
      if (backups.path("backups").size() > 0) {
        last = backups.path("backups").get(0);
        if ("SUCCESS".equals(last.path("status").asText())) {
          return last;
        }
      }
      Thread.sleep(300);
    }
    throw new AssertionError(
        "no verified backup of " + gatewayId + " within " + WAIT + "; last: " + last);
  }

  /**
   * Asks the control plane to restore a backup onto the gateway and waits until the restore service
   * reports it finished: SUCCEEDED, PARTIAL (for a backup restore, a rollback that failed) or
   * FAILED.
   *
   * @return the restore's last progress as the control plane shows it
   */
  JsonNode restoreThroughControlPlane(String gatewayId, String artifactId, boolean dryRun)
      throws InterruptedException {
    ControlPlaneClient api = controlPlane();
    ControlPlaneClient.Reply accepted =
        api.post(
            "/api/v1/gateways/" + gatewayId + "/restores",
            Map.of("backupId", artifactId, "dryRun", dryRun, "requestedBy", "e2e"),
            null);
    if (accepted.status() != 202) {
      throw new AssertionError("restore of " + artifactId + " not accepted: " + accepted.body());
    }
    String commandId = accepted.body().path("commandId").asText();
    Instant deadline = Instant.now().plus(WAIT);
    JsonNode last = null;
    while (Instant.now().isBefore(deadline)) {
      ControlPlaneClient.Reply progress = api.get("/api/v1/restores/" + commandId);
      if (progress.ok()) {
        last = progress.body();
        String status = last.path("status").asText();
        if (status.equals("SUCCEEDED") || status.equals("PARTIAL") || status.equals("FAILED")) {
          return last;
        }
      }
      Thread.sleep(300);
    }
    throw new AssertionError("restore " + commandId + " did not finish; last: " + last);
  }

  // --- what is on the targets ---

  /**
   * A secret and its base64 (standard and URL alphabet) at each of the three byte alignments it can
   * have inside a longer stream, without the characters that also encode neighbouring bytes: what a
   * search for the secret in stored files must look for.
   */
  static List<String> needles(String secret) {
    List<String> needles = new ArrayList<>();
    needles.add(secret);
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    for (int offset = 0; offset < 3; offset++) {
      byte[] shifted = new byte[offset + bytes.length];
      System.arraycopy(bytes, 0, shifted, offset, bytes.length);
      for (Base64.Encoder encoder : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
        String encoded = encoder.withoutPadding().encodeToString(shifted);
        needles.add(encoded.substring(offset == 0 ? 0 : 4, encoded.length() - 4));
      }
    }
    return needles;
  }

  /**
   * The document of a backup read from one target of {@code gatevault.yml} and unsealed with its
   * keystore keyring, checked as an offline restore checks it.
   */
  String unsealed(String targetId, String artifactId) {
    GatevaultConfig config = ConfigLoader.load(configFile);
    BackupStore store =
        StorageAccess.all(config).stream()
            .filter(candidate -> candidate.describe().targetId().equals(targetId))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no target " + targetId + " in " + configFile));
    Path work = dir.resolve("work");
    try {
      Files.createDirectories(work);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] document =
        new SingleTargetBackupSource(store, unsealer(config), work).read(artifactId).document();
    return new String(document, StandardCharsets.UTF_8);
  }

  /**
   * Every stored copy (snapshots, segments, checkpoints, superseded ones included) on every target
   * of {@code gatevault.yml}, unsealed with its keystore keyring.
   */
  List<String> unsealedDocuments() {
    GatevaultConfig config = ConfigLoader.load(configFile);
    EnvelopeUnsealer unsealer = unsealer(config);
    List<String> documents = new ArrayList<>();
    for (BackupStore store : StorageAccess.all(config)) {
      BackupCatalog catalog = BackupCatalog.read(List.of(store));
      List<StoredBackup> all = new ArrayList<>(catalog.backups());
      all.addAll(catalog.superseded());
      for (StoredBackup backup : all) {
        ManifestDocument m = backup.manifest();
        documents.add(
            new String(
                unsealer.unsealToBytes(
                    store.get(m.artifactKey()),
                    WrappedKeyObjects.newestFirst(store, m),
                    new EncryptionContext(m.gatewayId(), m.environment(), m.artifactId())),
                StandardCharsets.UTF_8));
      }
    }
    return documents;
  }

  /**
   * Waits until a checkpoint holding {@code text} is on every target of {@code gatevault.yml}: a
   * checkpoint's document (libs/core Checkpoint, canonical JSON) starts with its base snapshot.
   */
  void awaitCheckpointsWith(String text) throws InterruptedException {
    int targets = StorageAccess.all(ConfigLoader.load(configFile)).size();
    Instant deadline = Instant.now().plus(WAIT);
    while (unsealedDocuments().stream()
            .filter(d -> d.startsWith("{\"baseSnapshot\"") && d.contains(text))
            .count()
        < targets) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("no checkpoint holding '" + text + "' reached every target");
      }
      Thread.sleep(500);
    }
  }

  private static EnvelopeUnsealer unsealer(GatevaultConfig config) {
    var keyring = config.keyring();
    return new EnvelopeUnsealer(
        new KeystoreLoader()
            .loadKeyring(
                new KeystoreSettings(
                    keyring.keystore(),
                    null,
                    keyring.passwordFile(),
                    keyring.keyAlias(),
                    keyring.keyVersion())));
  }
}

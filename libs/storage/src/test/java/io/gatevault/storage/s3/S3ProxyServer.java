package io.gatevault.storage.s3;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server for the tests: S3Proxy (Maven Central jar, copied to target/s3proxy
 * by the build) as a child process on a free port of 127.0.0.1, storing objects in a folder,
 * enforcing AWS signatures with one access key. Stopped by {@link #close()}. Published in the
 * test-jar for other modules' ITs; they copy the jar the same way (see libs/storage/pom.xml).
 */
public final class S3ProxyServer implements AutoCloseable {

  public static final String ACCESS_KEY = "gatevault-test-access";
  public static final String SECRET_KEY = "gatevault-test-secret";
  public static final String REGION = "us-east-1";

  private final Process process;
  private final int port;
  private final Path log;
  private final Path workDir;
  private final String scheme;

  private S3ProxyServer(Process process, int port, Path log, Path workDir, String scheme) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.workDir = workDir;
    this.scheme = scheme;
  }

  /**
   * Starts the server with its data and log under {@code workDir} (deleted by {@link #close()});
   * ready when it returns.
   */
  public static S3ProxyServer start(Path workDir) throws IOException, InterruptedException {
    return start(workDir, List.of(), "http");
  }

  /**
   * As {@link #start(Path)}, serving HTTPS only ({@code s3proxy.secure-endpoint}) with the key and
   * certificate in {@code keyStore}.
   */
  static S3ProxyServer startHttps(Path workDir, Path keyStore, String password)
      throws IOException, InterruptedException {
    return start(
        workDir,
        List.of("s3proxy.keystore-path=" + keyStore, "s3proxy.keystore-password=" + password),
        "https");
  }

  private static S3ProxyServer start(Path workDir, List<String> extraProperties, String scheme)
      throws IOException, InterruptedException {
    Path jar = jar();
    int port = freePort();
    Path data = Files.createDirectories(workDir.resolve("data"));
    Path properties = workDir.resolve("s3proxy.properties");
    Files.write(
        properties,
        concat(
            extraProperties,
            (scheme.equals("https") ? "s3proxy.secure-endpoint=https" : "s3proxy.endpoint=http")
                + "://127.0.0.1:"
                + port,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + ACCESS_KEY,
            "s3proxy.credential=" + SECRET_KEY,
            "jclouds.provider=filesystem",
            "jclouds.filesystem.basedir=" + data));
    Path log = workDir.resolve("s3proxy.log");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                jar.toString(),
                "--properties",
                properties.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    S3ProxyServer server = new S3ProxyServer(process, port, log, workDir, scheme);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (!server.accepts()) {
      if (!process.isAlive() || Instant.now().isAfter(deadline)) {
        server.close();
        throw new IllegalStateException(
            "S3Proxy did not start on 127.0.0.1:" + port + "; its log:\n" + Files.readString(log));
      }
      Thread.sleep(100);
    }
    return server;
  }

  private static List<String> concat(List<String> first, String... more) {
    List<String> all = new java.util.ArrayList<>(first);
    all.addAll(List.of(more));
    return all;
  }

  private static Path jar() {
    String configured = System.getProperty("gatevault.test.s3proxy.jar");
    Path jar =
        configured != null
            ? Path.of(configured)
            : Path.of("target", "s3proxy", "s3proxy.jar").toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "no S3Proxy jar at "
              + jar
              + "; run the ITs through Maven (./mvnw -pl libs/storage verify), whose"
              + " dependency:copy puts org.gaul:s3proxy:jar-with-dependencies there");
    }
    return jar;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private boolean accepts() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public int port() {
    return port;
  }

  public String endpoint() {
    return scheme + "://127.0.0.1:" + port;
  }

  /** Settings of a target in {@code bucket} of this server. */
  public S3TargetSettings settings(String bucket) {
    return S3TargetSettings.of(bucket, REGION).withEndpoint(endpoint(), true);
  }

  /** A plain SDK client with the server's credentials, for creating buckets and tampering. */
  public S3Client client() {
    return client(ACCESS_KEY, SECRET_KEY);
  }

  S3Client client(String accessKey, String secretKey) {
    return S3BackupStore.clientFor(
        settings("any-bucket"),
        StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)));
  }

  /** A raw client without Gatevault's settings, as an operator's tool would use. */
  public S3Client rawClient() {
    return S3Client.builder()
        .region(Region.of(REGION))
        .endpointOverride(URI.create(endpoint()))
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
  }

  public String logText() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (var paths = Files.walk(workDir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // Only temporary test data; a leftover folder in the temp dir does no harm.
    }
  }
}

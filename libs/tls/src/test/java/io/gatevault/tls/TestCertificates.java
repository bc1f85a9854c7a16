package io.gatevault.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A test CA and certificates made by the JDK's {@code keytool} (as an operator would): a
 * self-signed CA, a server certificate for 127.0.0.1/localhost and a client certificate for mutual
 * TLS, both signed by the CA; the CA in a PKCS12 and a JKS trust store. Made once per test JVM in a
 * temporary folder. Every store's password is {@link #PASSWORD}.
 */
public final class TestCertificates {

  public static final String PASSWORD = "changeit-test";

  private static TestCertificates shared;

  private final Path dir;

  private TestCertificates(Path dir) {
    this.dir = dir;
  }

  /** The certificates of this test JVM, made on first use. */
  public static synchronized TestCertificates shared() {
    if (shared == null) {
      try {
        Path dir = Files.createTempDirectory("gatevault-tls-");
        dir.toFile().deleteOnExit();
        shared = create(dir);
      } catch (IOException e) {
        throw new IllegalStateException("Cannot make test certificates", e);
      }
    }
    return shared;
  }

  /** Makes the CA, the certificates and the stores in {@code dir}. */
  public static TestCertificates create(Path dir) {
    TestCertificates certificates = new TestCertificates(dir);
    certificates.make();
    return certificates;
  }

  /** PKCS12 trust store with the CA certificate. */
  public Path trustStore() {
    return dir.resolve("trust.p12");
  }

  /** JKS trust store with the CA certificate. */
  public Path trustStoreJks() {
    return dir.resolve("trust.jks");
  }

  /** PKCS12 key store with the server's key and certificate chain (alias {@code server}). */
  public Path serverKeyStore() {
    return dir.resolve("server.p12");
  }

  /** PKCS12 key store with the client's key and certificate chain (alias {@code client}). */
  public Path clientKeyStore() {
    return dir.resolve("client.p12");
  }

  /** A file whose first line is {@link #PASSWORD}. */
  public Path passwordFile() {
    return dir.resolve("password.txt");
  }

  /** Client settings trusting the test CA (PKCS12, password from {@link #passwordFile()}). */
  public TlsSettings clientSettings(String origin) {
    return TlsSettings.trusting(
        origin,
        new StoreFile(trustStore(), StoreType.PKCS12, PasswordSource.fromFile(passwordFile())));
  }

  /** The client's certificate for mutual TLS, as a key store setting. */
  public StoreFile clientKeyStoreFile() {
    return new StoreFile(clientKeyStore(), StoreType.PKCS12, PasswordSource.of(PASSWORD));
  }

  /** A server-side context with the server certificate, trusting the CA for client certificates. */
  public SSLContext serverContext() {
    try {
      KeyStore keys = load(serverKeyStore());
      KeyManagerFactory keyManagers =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keys, PASSWORD.toCharArray());
      TrustManagerFactory trustManagers =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(load(trustStore()));
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("Cannot build the test server's TLS context", e);
    }
  }

  private static KeyStore load(Path file) throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, PASSWORD.toCharArray());
    }
    return store;
  }

  private void make() {
    try {
      Files.createDirectories(dir);
      Files.writeString(passwordFile(), PASSWORD + "\n", StandardCharsets.UTF_8);
      Path ca = dir.resolve("ca.p12");
      keytool(
          "-genkeypair",
          "-alias",
          "ca",
          "-keyalg",
          "EC",
          "-groupname",
          "secp256r1",
          "-dname",
          "CN=Gatevault Test CA",
          "-ext",
          "bc:c",
          "-validity",
          "3",
          "-keystore",
          ca.toString(),
          "-storetype",
          "PKCS12",
          "-storepass",
          PASSWORD);
      Path caPem = dir.resolve("ca.pem");
      keytool(
          "-exportcert",
          "-rfc",
          "-alias",
          "ca",
          "-keystore",
          ca.toString(),
          "-storepass",
          PASSWORD,
          "-file",
          caPem.toString());
      for (String type : List.of("PKCS12", "JKS")) {
        Path store = type.equals("JKS") ? trustStoreJks() : trustStore();
        keytool(
            "-importcert",
            "-noprompt",
            "-alias",
            "ca",
            "-file",
            caPem.toString(),
            "-keystore",
            store.toString(),
            "-storetype",
            type,
            "-storepass",
            PASSWORD);
      }
      signed("server", "CN=127.0.0.1", "SAN=ip:127.0.0.1,dns:localhost", ca, caPem);
      signed("client", "CN=gatevault-client", null, ca, caPem);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot make test certificates in " + dir, e);
    }
  }

  /** A key pair in {@code <alias>.p12} whose certificate the CA signed, with the chain. */
  private void signed(String alias, String dname, String san, Path ca, Path caPem)
      throws IOException {
    Path store = dir.resolve(alias + ".p12");
    keytool(
        "-genkeypair",
        "-alias",
        alias,
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        dname,
        "-validity",
        "3",
        "-keystore",
        store.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        PASSWORD);
    Path csr = dir.resolve(alias + ".csr");
    keytool(
        "-certreq",
        "-alias",
        alias,
        "-keystore",
        store.toString(),
        "-storepass",
        PASSWORD,
        "-file",
        csr.toString());
    Path pem = dir.resolve(alias + ".pem");
    List<String> sign =
        new ArrayList<>(
            List.of(
                "-gencert",
                "-rfc",
                "-alias",
                "ca",
                "-keystore",
                ca.toString(),
                "-storepass",
                PASSWORD,
                "-infile",
                csr.toString(),
                "-outfile",
                pem.toString(),
                "-validity",
                "3"));
    if (san != null) {
      sign.addAll(List.of("-ext", san));
    }
    keytool(sign.toArray(String[]::new));
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "ca",
        "-file",
        caPem.toString(),
        "-keystore",
        store.toString(),
        "-storepass",
        PASSWORD);
    keytool(
        "-importcert",
        "-alias",
        alias,
        "-file",
        pem.toString(),
        "-keystore",
        store.toString(),
        "-storepass",
        PASSWORD);
  }

  private static void keytool(String... arguments) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.add("-J-XX:TieredStopAtLevel=1");
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (process.waitFor() != 0) {
        throw new IOException("keytool " + String.join(" ", arguments) + " failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while running keytool", e);
    }
  }
}

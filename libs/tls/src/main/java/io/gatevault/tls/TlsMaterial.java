package io.gatevault.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * {@link TlsSettings} made usable: the trust and key managers (for clients that take them, such as
 * the AWS SDK's HTTP client), an {@link SSLContext} built from them and the {@link SSLParameters}
 * limiting the protocols (for the JDK's HttpClient). The one place Gatevault turns TLS settings
 * into TLS.
 *
 * @param context an SSLContext initialised with {@code trustManagers} and {@code keyManagers}
 * @param parameters protocols to offer (this JVM's subset of the configured ones, in order) and
 *     HTTPS endpoint identification
 * @param trustManagers the trust store's CAs, or the JVM's default ones
 * @param keyManagers the client certificate for mutual TLS; empty for none
 * @param protocols the protocols offered, most preferred first
 */
public record TlsMaterial(
    SSLContext context,
    SSLParameters parameters,
    TrustManager[] trustManagers,
    KeyManager[] keyManagers,
    List<String> protocols) {

  /**
   * Loads the stores of {@code settings} and builds the context.
   *
   * @param environment reads environment variables for {@code password-env} ({@code
   *     System::getenv})
   * @throws TlsConfigurationException naming the setting and the fix: a store that does not exist,
   *     cannot be read, has another format or password, holds no certificate, or no configured
   *     protocol this JVM supports
   */
  public static TlsMaterial load(TlsSettings settings, Function<String, String> environment) {
    String origin = settings.origin();
    TrustManager[] trustManagers = trustManagers(settings, environment);
    KeyManager[] keyManagers = keyManagers(settings, environment);
    SSLContext context;
    try {
      context = SSLContext.getInstance("TLS");
      context.init(keyManagers.length == 0 ? null : keyManagers, trustManagers, null);
    } catch (GeneralSecurityException e) {
      throw new TlsConfigurationException(
          origin, "this JVM cannot create a TLS context (" + e.getMessage() + ")", e);
    }
    List<String> supported = Arrays.asList(context.getSupportedSSLParameters().getProtocols());
    List<String> offered = new ArrayList<>();
    for (String protocol : settings.protocols()) {
      if (supported.contains(protocol)) {
        offered.add(protocol);
      }
    }
    if (offered.isEmpty()) {
      throw new TlsConfigurationException(
          origin + ".protocols",
          settings.protocols()
              + " has no protocol this JVM supports (it supports "
              + supported
              + "). Fix: use TLSv1.3 and/or TLSv1.2, or leave protocols out for both.");
    }
    SSLParameters parameters = context.getDefaultSSLParameters();
    parameters.setProtocols(offered.toArray(String[]::new));
    // A trust store replaces the JVM's CAs, it never switches off the check of the peer's name.
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    return new TlsMaterial(
        context, parameters, trustManagers, keyManagers, Collections.unmodifiableList(offered));
  }

  /** The trust manager that checks server certificates (the AWS SDK takes exactly one kind). */
  public X509TrustManager x509TrustManager() {
    for (TrustManager manager : trustManagers) {
      if (manager instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new IllegalStateException("no X509TrustManager among " + Arrays.toString(trustManagers));
  }

  private static TrustManager[] trustManagers(
      TlsSettings settings, Function<String, String> environment) {
    try {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      if (settings.trustStore() == null) {
        factory.init((KeyStore) null);
      } else {
        String setting = settings.origin() + ".trust-store";
        KeyStore store = open(settings.trustStore(), setting, environment);
        if (store.size() == 0) {
          throw new TlsConfigurationException(
              setting + ".path",
              settings.trustStore().path()
                  + " holds no certificate. Fix: import your CA's certificate, e.g. keytool"
                  + " -importcert -alias ca -file ca.pem -keystore "
                  + settings.trustStore().path());
        }
        factory.init(store);
      }
      return factory.getTrustManagers();
    } catch (GeneralSecurityException e) {
      throw new TlsConfigurationException(
          settings.origin() + ".trust-store",
          "the trust store cannot be used (" + e.getMessage() + ")",
          e);
    }
  }

  private static KeyManager[] keyManagers(
      TlsSettings settings, Function<String, String> environment) {
    if (settings.keyStore() == null) {
      return new KeyManager[0];
    }
    String setting = settings.origin() + ".key-store";
    KeyStore store = open(settings.keyStore(), setting, environment);
    try {
      KeyManagerFactory factory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, settings.keyStore().password().resolve(setting, environment));
      return factory.getKeyManagers();
    } catch (UnrecoverableKeyException e) {
      throw new TlsConfigurationException(
          setting,
          "the private key in "
              + settings.keyStore().path()
              + " does not open with the password from "
              + settings.keyStore().password().describe()
              + ". Fix: give the key the store's password (keytool -keypasswd).",
          e);
    } catch (GeneralSecurityException e) {
      throw new TlsConfigurationException(
          setting, "the key store cannot be used (" + e.getMessage() + ")", e);
    }
  }

  private static KeyStore open(
      StoreFile file, String setting, Function<String, String> environment) {
    char[] password = file.password().resolve(setting, environment);
    KeyStore store;
    try {
      store = KeyStore.getInstance(file.type().name());
    } catch (GeneralSecurityException e) {
      throw new TlsConfigurationException(
          setting + ".type", "this JVM has no " + file.type() + " support", e);
    }
    try (InputStream in = Files.newInputStream(file.path())) {
      store.load(in, password);
      return store;
    } catch (NoSuchFileException e) {
      throw new TlsConfigurationException(
          setting + ".path",
          file.path()
              + " does not exist. Fix: point it at a "
              + file.type()
              + " store (relative paths are relative to the config file).",
          e);
    } catch (IOException e) {
      if (e.getCause() instanceof UnrecoverableKeyException
          || String.valueOf(e.getMessage()).contains("password")) {
        throw new TlsConfigurationException(
            setting,
            file.path()
                + " does not open with the password from "
                + file.password().describe()
                + ". Fix: set the store's password there.",
            e);
      }
      throw new TlsConfigurationException(
          setting,
          "cannot read "
              + file.path()
              + " as a "
              + file.type()
              + " store ("
              + e.getMessage()
              + "). Fix: check the file and its type (PKCS12 or JKS), and its password in "
              + file.password().describe()
              + ".",
          e);
    } catch (GeneralSecurityException e) {
      throw new TlsConfigurationException(
          setting,
          "cannot load "
              + file.path()
              + " ("
              + e.getMessage()
              + "). Fix: check its type (PKCS12 or JKS) and that it is not damaged.",
          e);
    }
  }
}

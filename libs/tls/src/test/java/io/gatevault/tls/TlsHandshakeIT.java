package io.gatevault.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real handshakes against a JDK HTTPS server on 127.0.0.1 with the test CA's certificate. */
class TlsHandshakeIT {

  private static final TestCertificates CERTS = TestCertificates.shared();

  private HttpsServer server;
  private final AtomicReference<String> negotiated = new AtomicReference<>();
  private final AtomicReference<String> clientPrincipal = new AtomicReference<>();

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void tls13IsNegotiatedWhenThePeerSupportsIt() throws Exception {
    URI url = start(new String[] {"TLSv1.3", "TLSv1.2"}, false);

    String body = get(url, CERTS.clientSettings("tls"));

    assertThat(body).isEqualTo("ok");
    assertThat(negotiated.get()).isEqualTo("TLSv1.3");
  }

  @Test
  void tls12IsUsedWithAPeerThatHasNoTls13() throws Exception {
    URI url = start(new String[] {"TLSv1.2"}, false);

    get(url, CERTS.clientSettings("tls"));

    assertThat(negotiated.get()).isEqualTo("TLSv1.2");
  }

  @Test
  void aPeerOnlyOfferingAnotherProtocolThanTheConfiguredOnesIsRefused() throws Exception {
    URI url = start(new String[] {"TLSv1.2"}, false);

    TlsSettings onlyTls13 = CERTS.clientSettings("tls").withProtocols(java.util.List.of("TLSv1.3"));

    assertThatThrownBy(() -> get(url, onlyTls13)).isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void withoutTheTrustStoreTheServerCertificateIsRefused() throws Exception {
    URI url = start(new String[] {"TLSv1.3"}, false);

    assertThatThrownBy(() -> get(url, TlsSettings.jvmDefaults("tls")))
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void theClientCertificateIsPresentedForMutualTls() throws Exception {
    URI url = start(new String[] {"TLSv1.3"}, true);

    get(url, CERTS.clientSettings("tls").withKeyStore(CERTS.clientKeyStoreFile()));

    assertThat(clientPrincipal.get()).isEqualTo("CN=gatevault-client");
  }

  private String get(URI url, TlsSettings settings) throws Exception {
    TlsMaterial material = TlsMaterial.load(settings, name -> null);
    HttpClient client =
        HttpClient.newBuilder()
            .sslContext(material.context())
            .sslParameters(material.parameters())
            .build();
    return client
        .send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private URI start(String[] protocols, boolean needClientAuth) throws Exception {
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(
        new HttpsConfigurator(CERTS.serverContext()) {
          @Override
          public void configure(HttpsParameters params) {
            var parameters = getSSLContext().getDefaultSSLParameters();
            parameters.setProtocols(protocols);
            parameters.setNeedClientAuth(needClientAuth);
            params.setSSLParameters(parameters);
          }
        });
    server.createContext(
        "/",
        exchange -> {
          var session = ((HttpsExchange) exchange).getSSLSession();
          negotiated.set(session.getProtocol());
          if (needClientAuth) {
            clientPrincipal.set(session.getPeerPrincipal().getName());
          }
          byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, ok.length);
          exchange.getResponseBody().write(ok);
          exchange.close();
        });
    server.start();
    return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/");
  }
}

package io.gatevault.gateways;

import io.gatevault.core.gateway.GatewayAdapter;
import io.gatevault.core.gateway.GatewayDescriptor;
import io.gatevault.tls.PlaintextGuard;
import io.gatevault.tls.StoreFile;
import io.gatevault.tls.TlsSettings;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The adapters of a service's gateways over TLS as configured, with one HTTP client per distinct
 * TLS setting (gateways sharing a trust store share pooled connections). Every admin-url passes
 * {@link PlaintextGuard} first: http:// to another machine needs that gateway's {@code
 * allow-plaintext}.
 */
public final class GatewayHttpClients {

  private record ClientKey(StoreFile trustStore, StoreFile keyStore, List<String> protocols) {}

  private final Duration requestTimeout;
  private final Function<String, String> environment;
  private final Map<ClientKey, HttpClient> clients = new ConcurrentHashMap<>();

  /**
   * @param requestTimeout connect and request timeout of every admin request
   * @param environment reads the environment variables named by {@code password-env}
   */
  public GatewayHttpClients(Duration requestTimeout, Function<String, String> environment) {
    this.requestTimeout = requestTimeout;
    this.environment = environment;
  }

  /**
   * The adapter for {@code gateway} with {@code tls}.
   *
   * @param connection the setting holding admin-url, e.g. {@code
   *     gatevault.capture.gateways[0].admin-url}, for errors and the plaintext warning
   * @throws io.gatevault.tls.TlsConfigurationException naming the setting and the fix
   * @throws IllegalArgumentException naming the supported types when the type is unknown
   */
  public GatewayAdapter adapter(GatewayDescriptor gateway, String connection, TlsSettings tls) {
    PlaintextGuard.checkUrl(connection, gateway.adminUrl(), tls);
    HttpClient client =
        clients.computeIfAbsent(
            new ClientKey(tls.trustStore(), tls.keyStore(), tls.protocols()),
            key -> GatewayAdapters.httpClient(tls, requestTimeout, environment));
    return GatewayAdapters.create(gateway, client, requestTimeout);
  }
}

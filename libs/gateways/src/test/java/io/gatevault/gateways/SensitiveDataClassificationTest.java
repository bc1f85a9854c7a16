package io.gatevault.gateways;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.core.config.CanonicalJson;
import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.config.MissingSecretValuesException;
import io.gatevault.core.config.RedactedSecret;
import io.gatevault.core.config.SensitiveDataClassifier;
import io.gatevault.core.config.SensitiveField;
import io.gatevault.core.config.SensitiveKind;
import io.gatevault.gateways.caddy.CaddyConfigMapper;
import io.gatevault.gateways.caddy.CaddyGatewayAdapter;
import io.gatevault.gateways.scg.ScgRouteDefinitions;
import io.gatevault.gateways.scg.SpringCloudGatewayAdapter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The sensitive-data rules of each gateway type, on realistic configurations. */
class SensitiveDataClassificationTest {

  private static final String BCRYPT =
      "$2b$04$T1uSkbZhyZmn/nLziw0rzOfF6ZTMfHhdmeTwPJYjzdt3SeDHdJpbW";
  private static final String PEM_KEY =
      "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----";
  private static final String BEARER = "Bearer upstream-token-4711";
  private static final String API_KEY = "k3y-for-the-admin-api";

  static final String CADDY =
      """
      {"admin": {"listen": "127.0.0.1:2019"},
       "apps": {
        "http": {"servers": {"site": {"listen": [":8443"], "routes": [
          {"@id": "secret", "match": [{"path": ["/secret/*"]}], "handle": [
            {"handler": "authentication", "providers": {"http_basic": {"accounts": [
              {"username": "alice", "password": "%s"},
              {"username": "bob", "password": "%s"}]}}},
            {"handler": "reverse_proxy", "upstreams": [{"dial": "10.0.0.1:80"}],
             "headers": {"request": {"set": {"Authorization": ["%s"]}}}}]},
          {"match": [{"header": {"X-Api-Key": ["%s"]}, "remote_ip": {"ranges": ["203.0.113.7/32"]}}],
           "handle": [{"handler": "static_response", "body": "hello"}]}]}}},
        "tls": {"certificates": {"load_pem": [{"certificate": "-----BEGIN CERTIFICATE-----", "key": "%s"}]},
                "automation": {"policies": [{"issuers": [{"module": "acme", "email": "ops@example.com",
                  "challenges": {"dns": {"provider": {"name": "cloudflare", "api_token": "cf-token-123"}}}}]}]}}}}
      """
          .formatted(BCRYPT, BCRYPT, BEARER, API_KEY, PEM_KEY.replace("\n", "\\n"));

  @Test
  void caddySecretsAndPersonalDataAreFoundByEntityAndPathNeverByValue() {
    ConfigSnapshot snapshot = caddy(CADDY);
    List<SensitiveField> fields = classifier(CaddyGatewayAdapter.TYPE).classify(snapshot);

    assertThat(fields)
        .contains(
            new SensitiveField(
                "handler/secret/handle/0",
                "/providers/http_basic/accounts/0/password",
                SensitiveKind.CREDENTIAL),
            new SensitiveField(
                "handler/secret/handle/0",
                "/providers/http_basic/accounts/1/username",
                SensitiveKind.USERNAME),
            new SensitiveField(
                "handler/secret/handle/1",
                "/headers/request/set/Authorization/0",
                SensitiveKind.API_KEY),
            new SensitiveField(
                "route/site/routes/1", "/match/0/header/X-Api-Key/0", SensitiveKind.API_KEY),
            new SensitiveField(
                "route/site/routes/1", "/match/0/remote_ip/ranges/0", SensitiveKind.CLIENT_IP),
            new SensitiveField(
                "app/tls", "/certificates/load_pem/0/key", SensitiveKind.PRIVATE_KEY),
            new SensitiveField(
                "app/tls", "/automation/policies/0/issuers/0/email", SensitiveKind.EMAIL_ADDRESS),
            new SensitiveField(
                "app/tls",
                "/automation/policies/0/issuers/0/challenges/dns/provider/api_token",
                SensitiveKind.API_KEY));
    assertThat(fields)
        .as("the certificate, dial addresses and handler names are not sensitive")
        .noneMatch(field -> field.path().endsWith("/certificate"))
        .noneMatch(field -> field.path().contains("upstreams"))
        .noneMatch(field -> field.entityKey().equals(SensitiveField.NATIVE_CONFIG));
    assertThat(fields.toString()).doesNotContain("alice", BCRYPT, BEARER, API_KEY, "203.0.113.7");
  }

  @Test
  void caddyRedactionLeavesNoSecretAnywhereInTheSnapshotDocumentAndKeepsPersonalData() {
    ConfigSnapshot snapshot = caddy(CADDY);
    ConfigSnapshot redacted = classifier(CaddyGatewayAdapter.TYPE).redactSecrets(snapshot);

    String document = new String(redacted.toDocument(), StandardCharsets.UTF_8);
    assertThat(document)
        .doesNotContain(BCRYPT, BEARER, API_KEY, "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", "cf-token-123")
        .contains("alice", "ops@example.com", "203.0.113.7/32");
    assertThat(redacted.configHash()).isEqualTo(snapshot.configHash());
    assertThat(redacted.redactedSecrets())
        .extracting(RedactedSecret::reference)
        .containsExactly(
            "app/tls#/automation/policies/0/issuers/0/challenges/dns/provider/api_token",
            "app/tls#/certificates/load_pem/0/key",
            "handler/secret/handle/0#/providers/http_basic/accounts/0/password",
            "handler/secret/handle/1#/headers/request/set/Authorization/0",
            "route/site/routes/1#/match/0/header/X-Api-Key/0");
    RedactedSecret password = redacted.redactedSecrets().get(2);
    assertThat(password.alsoAt())
        .as("bob's equal hash shares alice's placeholder, so it is supplied once")
        .containsExactly("handler/secret/handle/0#/providers/http_basic/accounts/1/password");
    assertThat(
            redacted
                .nativeConfigTree()
                .at(
                    "/apps/http/servers/site/routes/0/handle/0/providers/http_basic/accounts/1/password")
                .asText())
        .isEqualTo(password.placeholder());

    ConfigSnapshot reread = ConfigSnapshot.fromDocument(redacted.toDocument());
    assertThat(reread.redactedSecrets()).isEqualTo(redacted.redactedSecrets());
  }

  @Test
  void suppliedValuesGiveBackTheOriginalConfigurationAndMissingOnesAreNamed() {
    ConfigSnapshot snapshot = caddy(CADDY);
    ConfigSnapshot redacted = classifier(CaddyGatewayAdapter.TYPE).redactSecrets(snapshot);
    Map<String, String> values =
        Map.of(
            "app/tls#/automation/policies/0/issuers/0/challenges/dns/provider/api_token",
            "cf-token-123",
            "app/tls#/certificates/load_pem/0/key",
            PEM_KEY,
            "handler/secret/handle/0#/providers/http_basic/accounts/0/password",
            BCRYPT,
            "handler/secret/handle/1#/headers/request/set/Authorization/0",
            BEARER,
            "route/site/routes/1#/match/0/header/X-Api-Key/0",
            API_KEY);

    ConfigSnapshot filled = SensitiveDataClassifier.supplySecrets(redacted, values);

    assertThat(filled.nativeConfig()).isEqualTo(snapshot.nativeConfig());
    assertThat(filled.entities()).isEqualTo(snapshot.entities());
    assertThat(filled.redactedSecrets()).isEmpty();
    assertThat(CaddyConfigMapper.configHash(filled.nativeConfigTree()))
        .isEqualTo(snapshot.configHash());

    Map<String, String> oneMissing =
        values.entrySet().stream()
            .filter(entry -> !entry.getKey().startsWith("route/"))
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    assertThatThrownBy(() -> SensitiveDataClassifier.supplySecrets(redacted, oneMissing))
        .isInstanceOf(MissingSecretValuesException.class)
        .hasMessageContaining("route/site/routes/1#/match/0/header/X-Api-Key/0 (API key or token)")
        .hasMessageNotContaining(API_KEY);
  }

  @Test
  void springCloudGatewayHeaderFiltersBasicAuthAndRemoteAddrAreClassifiedInBothArgumentForms() {
    String routes =
        """
        [{"id": "orders", "uri": "http://svc:secret-pw@orders.internal:8080",
          "predicates": [{"name": "Path", "args": {"_genkey_0": "/orders/**"}},
                         {"name": "RemoteAddr", "args": {"_genkey_0": "198.51.100.0/24"}},
                         {"name": "Header", "args": {"header": "X-Api-Key", "regexp": "%s"}}],
          "filters": [{"name": "SetRequestHeader", "args": {"_genkey_0": "Authorization", "_genkey_1": "%s"}},
                      {"name": "AddRequestHeader", "args": {"name": "X-Request-Source", "value": "gateway"}},
                      {"name": "BasicAuth", "args": {"_genkey_0": "carol", "_genkey_1": "%s"}}]},
         {"id": "named", "uri": "forward:/origin/echo",
          "filters": [{"name": "AddRequestHeader", "args": {"name": "authorization", "value": "Basic c2VjcmV0"}}]}]
        """
            .formatted(API_KEY, BEARER, BCRYPT);
    ConfigSnapshot snapshot =
        ScgRouteDefinitions.snapshot(
            "scg", SpringCloudGatewayAdapter.TYPE, CanonicalJson.parse(routes));

    List<SensitiveField> fields = classifier(SpringCloudGatewayAdapter.TYPE).classify(snapshot);

    assertThat(fields)
        .containsExactlyInAnyOrder(
            new SensitiveField("route/orders", "/uri", SensitiveKind.CREDENTIAL),
            new SensitiveField(
                "route/orders", "/predicates/1/args/_genkey_0", SensitiveKind.CLIENT_IP),
            new SensitiveField("route/orders", "/predicates/2/args/regexp", SensitiveKind.API_KEY),
            new SensitiveField("route/orders", "/filters/0/args/_genkey_1", SensitiveKind.API_KEY),
            new SensitiveField(
                "route/orders", "/filters/2/args/_genkey_1", SensitiveKind.CREDENTIAL),
            new SensitiveField("route/orders", "/filters/2/args/_genkey_0", SensitiveKind.USERNAME),
            new SensitiveField("route/named", "/filters/0/args/value", SensitiveKind.API_KEY));

    ConfigSnapshot redacted = classifier(SpringCloudGatewayAdapter.TYPE).redactSecrets(snapshot);
    String document = new String(redacted.toDocument(), StandardCharsets.UTF_8);
    assertThat(document)
        .as("also the natural key, which shows the Header predicate's value")
        .doesNotContain(API_KEY, BEARER, BCRYPT, "secret-pw", "c2VjcmV0")
        .contains("carol", "198.51.100.0/24", "X-Request-Source", "gateway");
    assertThat(redacted.entity("route/orders").orElseThrow().naturalKey())
        .contains(RedactedSecret.PLACEHOLDER_PREFIX);
  }

  @Test
  void httpJsonSecretsAreRecognisedByMemberNameInAnySpelling() {
    String config =
        """
        {"upstreams": [{"name": "billing", "url": "https://billing.internal",
                        "credentials": {"user": "svc-billing", "password": "pw-1"}}],
         "oauth": {"clientId": "gateway", "client_secret": "cs-2", "tokenUrl": "https://idp/token"},
         "keys": {"API-Key": "ak-3", "privateKey": "pk-4", "accessToken": "at-5"},
         "consumers": [{"username": "dave", "custom_id": "c-77", "email": "dave@example.org"}],
         "ipAllowList": ["192.0.2.10", "2001:db8::/32"],
         "timeouts": {"connect": 5, "tokenTtl": "30s"}}
        """;
    ConfigSnapshot snapshot =
        ConfigSnapshot.of(
            "json", HttpJsonGatewayAdapter.TYPE, List.of(), CanonicalJson.parse(config));

    Map<String, SensitiveKind> found =
        classifier(HttpJsonGatewayAdapter.TYPE).classify(snapshot).stream()
            .collect(Collectors.toMap(SensitiveField::path, SensitiveField::kind));

    assertThat(found)
        .containsOnly(
            Map.entry("/upstreams/0/credentials/user", SensitiveKind.CREDENTIAL),
            Map.entry("/upstreams/0/credentials/password", SensitiveKind.CREDENTIAL),
            Map.entry("/oauth/client_secret", SensitiveKind.API_KEY),
            Map.entry("/keys/API-Key", SensitiveKind.API_KEY),
            Map.entry("/keys/privateKey", SensitiveKind.PRIVATE_KEY),
            Map.entry("/keys/accessToken", SensitiveKind.API_KEY),
            Map.entry("/consumers/0/username", SensitiveKind.USERNAME),
            Map.entry("/consumers/0/custom_id", SensitiveKind.CONSUMER_ID),
            Map.entry("/consumers/0/email", SensitiveKind.EMAIL_ADDRESS),
            Map.entry("/ipAllowList/0", SensitiveKind.CLIENT_IP),
            Map.entry("/ipAllowList/1", SensitiveKind.CLIENT_IP));
  }

  @Test
  void everyAdapterTypeHasRules() {
    for (String type : GatewayAdapters.TYPES) {
      assertThat(GatewayAdapters.sensitiveDataRules(type).gatewayType()).isEqualTo(type);
      assertThat(GatewayAdapters.sensitiveDataRules(type).rules()).isNotEmpty();
    }
  }

  private static SensitiveDataClassifier classifier(String type) {
    return GatewayAdapters.sensitiveDataRules(type).classifier();
  }

  private static ConfigSnapshot caddy(String json) {
    var config = CanonicalJson.parse(json);
    return new ConfigSnapshot(
        "caddy",
        CaddyGatewayAdapter.TYPE,
        CaddyConfigMapper.entities(config),
        CanonicalJson.toCanonicalString(config),
        CaddyConfigMapper.configHash(config));
  }
}

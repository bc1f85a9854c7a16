package io.gatevault.testbed.scg;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.gateway.GatewayAdapter;
import io.gatevault.gateways.GatewayAdapters;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

/** What a restore must bring back, checked by traffic through the real testbed gateway. */
class ScgTrafficIT {

  private final HttpClient client = HttpClient.newHttpClient();
  private GatewayAdapter adapter;

  @BeforeEach
  void baselineRoutes() {
    adapter = GatewayAdapters.create(SharedScg.descriptor());
    adapter.apply(TestRoutes.snapshot(TestRoutes.BASELINE));
  }

  @Test
  void routeAnswersFromTheBuiltInOriginWithTheRoutesFilterApplied() {
    HttpResponse<String> response = get("/api/hello?x=1", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("\"origin\":\"gatevault-testbed-scg\"")
        .contains("\"query\":\"x=1\"")
        .contains("\"x-gatevault\":\"v1\"");
  }

  @Test
  void pathWithoutARouteIsNotFound() {
    assertThat(get("/nowhere", null).statusCode()).isEqualTo(404);
  }

  @Test
  void basicAuthRejectsAMissingOrWrongPasswordWithAChallenge() {
    HttpResponse<String> missing = get("/secure/data", null);
    HttpResponse<String> wrong = get("/secure/data", basic(TestRoutes.USER, "guess"));
    HttpResponse<String> otherUser = get("/secure/data", basic("mallory", TestRoutes.PASSWORD));

    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(missing.headers().firstValue("WWW-Authenticate"))
        .hasValue("Basic realm=\"gatevault\", charset=\"UTF-8\"");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(otherUser.statusCode()).isEqualTo(401);
  }

  @Test
  void basicAuthLetsTheRightCredentialsThroughWithoutPassingThemOn() {
    HttpResponse<String> response =
        get("/secure/data", basic(TestRoutes.USER, TestRoutes.PASSWORD));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("gatevault-testbed-scg").doesNotContain("authorization");
  }

  @Test
  void basicAuthAcceptsABcryptHash() {
    String hash = BCrypt.hashpw("b-secret", BCrypt.gensalt(4));
    adapter.apply(
        TestRoutes.baselinePlus(
            """
            {"id":"bcrypt","predicates":["Path=/bcrypt/**"],"filters":["BasicAuth=bob, %s"],
             "uri":"forward:/origin/echo"}"""
                .formatted(hash)));

    assertThat(get("/bcrypt/x", basic("bob", "b-secret")).statusCode()).isEqualTo(200);
    assertThat(get("/bcrypt/x", basic("bob", "nope")).statusCode()).isEqualTo(401);
  }

  @Test
  void restoringADumpBringsBackRoutingAndAuthentication() {
    ConfigSnapshot backup = adapter.dump();
    adapter.apply(TestRoutes.snapshot("[]"));
    assertThat(get("/secure/data", null).statusCode()).isEqualTo(404);
    assertThat(get("/teapot", null).statusCode()).isEqualTo(404);

    adapter.apply(ConfigSnapshot.fromDocument(backup.toDocument()));

    assertThat(get("/teapot", null).statusCode()).isEqualTo(418);
    assertThat(get("/secure/data", null).statusCode()).isEqualTo(401);
    assertThat(get("/secure/data", basic(TestRoutes.USER, TestRoutes.PASSWORD)).statusCode())
        .isEqualTo(200);
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> get(String path, String authorization) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(SharedScg.process().proxyUrl().resolve(path));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

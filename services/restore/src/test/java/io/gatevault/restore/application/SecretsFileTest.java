package io.gatevault.restore.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsFileTest {

  @Test
  void linesSplitAtTheFirstEqualsSignAfterTheReferenceSoValuesMayHoldEqualsSigns() {
    Map<String, String> values =
        SecretsFile.parse(
            """
            # supplied for caddy-prod-20261126-1430-full.json
            handler/secret/handle/0#/providers/http_basic/accounts/0/password=$2b$04$abc=

            route/orders#/filters/0/args/_genkey_1=Bearer a=b
            """,
            "secrets.txt");

    assertThat(values)
        .containsExactly(
            Map.entry(
                "handler/secret/handle/0#/providers/http_basic/accounts/0/password", "$2b$04$abc="),
            Map.entry("route/orders#/filters/0/args/_genkey_1", "Bearer a=b"));
  }

  @Test
  void aJsonObjectMapsReferencesToValues() {
    assertThat(
            SecretsFile.parse("{\"app/tls#/certificates/load_pem/0/key\": \"-----BEGIN\\n\"}", "s"))
        .containsExactly(Map.entry("app/tls#/certificates/load_pem/0/key", "-----BEGIN\n"));
  }

  @Test
  void aLineWithoutReferenceIsRefusedNamingTheLineButNotItsValue() {
    assertThatThrownBy(() -> SecretsFile.parse("password=hunter2\n", "secrets.txt"))
        .hasMessageContaining("secrets.txt line 1")
        .hasMessageNotContaining("hunter2");
  }
}

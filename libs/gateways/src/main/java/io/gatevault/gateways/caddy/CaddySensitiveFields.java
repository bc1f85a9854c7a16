package io.gatevault.gateways.caddy;

import static io.gatevault.core.config.SensitiveFieldRule.of;

import io.gatevault.core.config.SensitiveFieldRule;
import io.gatevault.core.config.SensitiveKind;
import io.gatevault.core.gateway.SensitiveDataRules;
import io.gatevault.gateways.CommonSensitiveFields;
import java.util.List;

/**
 * Secrets and personal data in a Caddy JSON configuration, by path (they hold in entity bodies and
 * in the native document alike, because every pattern starts with {@code **}):
 *
 * <ul>
 *   <li>secrets: {@code http_basic} account passwords (hashes) and salts, PEM private keys loaded
 *       inline ({@code tls.certificates.load_pem[].key}), ACME external-account MAC keys, values of
 *       Authorization / X-Api-Key headers set or matched by handlers, matchers and reverse-proxy
 *       header rules, and every member named like a secret (DNS provider tokens of plugins)
 *   <li>personal data: {@code http_basic} usernames, ACME account e-mail addresses, client IP
 *       ranges of {@code remote_ip} / {@code client_ip} matchers
 * </ul>
 *
 * <p>Key <em>files</em> named by path ({@code client_certificate_key_file}, {@code load_files}) are
 * not values in the configuration, so they are neither redacted nor reported.
 */
public final class CaddySensitiveFields implements SensitiveDataRules {

  static final List<SensitiveFieldRule> SECRETS =
      List.of(
          of("**/http_basic/accounts/*/{password,salt}", SensitiveKind.CREDENTIAL),
          of("**/load_pem/*/key", SensitiveKind.PRIVATE_KEY),
          of("**/eab/mac_key", SensitiveKind.API_KEY),
          of(
              "**/{set,add,replace,header,headers}/"
                  + "{authorization,proxy-authorization,x-api-key,api-key,x-auth-token}",
              SensitiveKind.API_KEY));

  static final List<SensitiveFieldRule> PERSONAL_DATA =
      List.of(
          of("**/http_basic/accounts/*/username", SensitiveKind.USERNAME),
          of("**/{remote_ip,client_ip}/ranges", SensitiveKind.CLIENT_IP),
          of("**/issuers/*/email", SensitiveKind.EMAIL_ADDRESS));

  private static final List<SensitiveFieldRule> RULES =
      CommonSensitiveFields.after(SECRETS, PERSONAL_DATA);

  @Override
  public String gatewayType() {
    return CaddyGatewayAdapter.TYPE;
  }

  @Override
  public List<SensitiveFieldRule> rules() {
    return RULES;
  }
}

package io.gatevault.gateways.scg;

import static io.gatevault.core.config.SensitiveFieldRule.of;

import io.gatevault.core.config.SensitiveFieldRule;
import io.gatevault.core.config.SensitiveKind;
import io.gatevault.core.gateway.SensitiveDataRules;
import io.gatevault.gateways.CommonSensitiveFields;
import java.util.List;

/**
 * Secrets and personal data in Spring Cloud Gateway route definitions. Filter and predicate
 * arguments come in two forms (named, or {@code _genkey_<n>} from the shortcut form), so each rule
 * is declared for both:
 *
 * <ul>
 *   <li>secrets: the value of a header that request/response header filters set when the header is
 *       Authorization, Proxy-Authorization, X-Api-Key or X-Auth-Token; the value a {@code Header}
 *       predicate requires of such a header (an API-key check); the hash of the testbed's {@code
 *       BasicAuth} filter; a user:password inside a route's {@code uri}; members named like secrets
 *       (filters of other vendors, metadata)
 *   <li>personal data: the {@code BasicAuth} user, the addresses of {@code RemoteAddr} and {@code
 *       XForwardedRemoteAddr} predicates, e-mail addresses anywhere
 * </ul>
 */
public final class ScgSensitiveFields implements SensitiveDataRules {

  private static final String HEADER_FILTERS =
      "AddRequestHeader|SetRequestHeader|AddResponseHeader|SetResponseHeader"
          + "|AddRequestHeadersIfNotPresent|MapRequestHeader";
  private static final String SECRET_HEADERS =
      "Authorization|Proxy-Authorization|X-Api-Key|X-Auth-Token|Api-Key";

  static final List<SensitiveFieldRule> SECRETS =
      List.of(
          of(
              "**/filters/*[name="
                  + HEADER_FILTERS
                  + "]/args[_genkey_0="
                  + SECRET_HEADERS
                  + "]/"
                  + "_genkey_1",
              SensitiveKind.API_KEY),
          of(
              "**/filters/*[name=" + HEADER_FILTERS + "]/args[name=" + SECRET_HEADERS + "]/value",
              SensitiveKind.API_KEY),
          of(
              "**/predicates/*[name=Header]/args[_genkey_0=" + SECRET_HEADERS + "]/_genkey_1",
              SensitiveKind.API_KEY),
          of(
              "**/predicates/*[name=Header]/args[header=" + SECRET_HEADERS + "]/regexp",
              SensitiveKind.API_KEY),
          of("**/filters/*[name=BasicAuth]/args/{_genkey_1,hash}", SensitiveKind.CREDENTIAL));

  static final List<SensitiveFieldRule> PERSONAL_DATA =
      List.of(
          of("**/filters/*[name=BasicAuth]/args/{_genkey_0,user}", SensitiveKind.USERNAME),
          of(
              "**/predicates/*[name=RemoteAddr|XForwardedRemoteAddr]/args/*",
              SensitiveKind.CLIENT_IP));

  private static final List<SensitiveFieldRule> RULES =
      CommonSensitiveFields.after(SECRETS, PERSONAL_DATA);

  @Override
  public String gatewayType() {
    return SpringCloudGatewayAdapter.TYPE;
  }

  @Override
  public List<SensitiveFieldRule> rules() {
    return RULES;
  }
}

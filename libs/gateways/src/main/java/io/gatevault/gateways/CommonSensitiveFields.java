package io.gatevault.gateways;

import static io.gatevault.core.config.SensitiveFieldRule.of;
import static io.gatevault.core.config.SensitiveFieldRule.valued;

import io.gatevault.core.config.SensitiveFieldRule;
import io.gatevault.core.config.SensitiveKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Sensitive fields every gateway's configuration may hold, whatever its product: members named like
 * secrets, Authorization-like headers, credentials in URLs, e-mail addresses and IP allow lists.
 * Names compare normalised ({@code client_secret} = {@code clientSecret} = {@code Client-Secret}).
 */
public final class CommonSensitiveFields {

  /** A user:password in a URL's authority. */
  static final String URL_WITH_PASSWORD = "(?s)[a-zA-Z][a-zA-Z0-9+.-]*://[^/@\\s:]*:[^/@\\s]+@.*";

  /** An e-mail address, the whole value. */
  static final String EMAIL = "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}";

  /** An IPv4 or IPv6 address or CIDR range, the whole value. */
  static final String IP_OR_RANGE =
      "(\\d{1,3}(\\.\\d{1,3}){3}(/\\d{1,2})?)|([0-9A-Fa-f]{0,4}(:[0-9A-Fa-f]{0,4}){2,7}(/\\d{1,3})?)";

  /** Secrets by member name. */
  public static final List<SensitiveFieldRule> SECRETS =
      List.of(
          of("**/{*privatekey,*privkey,*keypem,*clientkey,*signingkey}", SensitiveKind.PRIVATE_KEY),
          of(
              "**/{*password,*passwd,*passphrase,*pwd,*credentials,*salt}",
              SensitiveKind.CREDENTIAL),
          of(
              "**/{*secret,*token,*apikey,*accesskey,*secretkey,*hmackey,*mackey,*sharedkey}",
              SensitiveKind.API_KEY),
          of(
              "**/{authorization,proxyauthorization,xapikey,apikey,xauthtoken,cookie}",
              SensitiveKind.API_KEY),
          valued("**", SensitiveKind.CREDENTIAL, URL_WITH_PASSWORD));

  /** Personal data by member name or value form. */
  public static final List<SensitiveFieldRule> PERSONAL_DATA =
      List.of(
          of("**/{*username,*userid,*login}", SensitiveKind.USERNAME),
          of("**/{*consumerid,*customid,*customerid}", SensitiveKind.CONSUMER_ID),
          valued("**", SensitiveKind.EMAIL_ADDRESS, EMAIL),
          valued(
              "**/{*allow*,*deny*,*whitelist*,*blacklist*,*ips,*cidrs,"
                  + "*sourceip*,*clientip*,*remoteip*,*remoteaddr*}",
              SensitiveKind.CLIENT_IP,
              IP_OR_RANGE));

  private CommonSensitiveFields() {}

  /** A gateway's own rules first, then the common secrets, then personal data. */
  public static List<SensitiveFieldRule> after(
      List<SensitiveFieldRule> ownSecrets, List<SensitiveFieldRule> ownPersonalData) {
    List<SensitiveFieldRule> rules = new ArrayList<>(ownSecrets);
    rules.addAll(SECRETS);
    rules.addAll(ownPersonalData);
    rules.addAll(PERSONAL_DATA);
    return List.copyOf(rules);
  }
}

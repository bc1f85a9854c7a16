package io.gatevault.gateways;

import io.gatevault.core.config.SensitiveFieldRule;
import io.gatevault.core.gateway.SensitiveDataRules;
import java.util.List;

/**
 * A JSON configuration of unknown shape: secrets and personal data are recognised by member name
 * (password, secret, token, api_key, private_key, client_secret, credentials...) and value form
 * (e-mail addresses, IP ranges in allow and deny lists), as {@link CommonSensitiveFields} declares.
 */
public final class HttpJsonSensitiveFields implements SensitiveDataRules {

  private static final List<SensitiveFieldRule> RULES =
      CommonSensitiveFields.after(List.of(), List.of());

  @Override
  public String gatewayType() {
    return HttpJsonGatewayAdapter.TYPE;
  }

  @Override
  public List<SensitiveFieldRule> rules() {
    return RULES;
  }
}

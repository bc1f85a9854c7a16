package io.gatevault.core.gateway;

import io.gatevault.core.config.SensitiveDataClassifier;
import io.gatevault.core.config.SensitiveFieldRule;
import java.util.List;

/**
 * Where one gateway type's configuration holds secrets and personal data, declared as data by its
 * adapter. Capture redacts secrets with it, the GDPR record counts what it finds, erasure locates
 * personal data with it.
 */
public interface SensitiveDataRules {

  /** The adapter type these rules describe, e.g. {@code caddy}. */
  String gatewayType();

  /** The rules, secrets before personal data (the first rule that covers a value decides). */
  List<SensitiveFieldRule> rules();

  /** A classifier over these rules. */
  default SensitiveDataClassifier classifier() {
    return new SensitiveDataClassifier(rules());
  }
}

package io.gatevault.prune.adapter;

import io.gatevault.core.retention.RetentionPolicy;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Retention settings, under {@code gatevault.retention}: the default policy and, optionally, named
 * ones a prune request may choose ({@code policyName}). An empty policy (all zero) stops start-up.
 *
 * @param daily days of daily backups the default policy keeps
 * @param weekly ISO weeks of weekly backups the default policy keeps
 * @param monthly months of monthly backups the default policy keeps
 * @param policies further policies by name, e.g. {@code
 *     gatevault.retention.policies.audit.monthly=84}
 */
@ConfigurationProperties("gatevault.retention")
public record RetentionProperties(
    @DefaultValue("30") int daily,
    @DefaultValue("12") int weekly,
    @DefaultValue("12") int monthly,
    Map<String, Counts> policies) {

  /** The counts of one named policy; missing counts are 0. */
  public record Counts(int daily, int weekly, int monthly) {}

  /** Every policy by name, the default one included; each is validated on construction. */
  public Map<String, RetentionPolicy> toPolicies() {
    Map<String, RetentionPolicy> result = new LinkedHashMap<>();
    result.put(
        RetentionPolicy.DEFAULT_NAME,
        new RetentionPolicy(RetentionPolicy.DEFAULT_NAME, daily, weekly, monthly));
    if (policies != null) {
      policies.forEach(
          (name, counts) ->
              result.put(
                  name,
                  new RetentionPolicy(name, counts.daily(), counts.weekly(), counts.monthly())));
    }
    return result;
  }
}

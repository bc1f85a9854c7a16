package io.gatevault.replicate.application;

import io.gatevault.core.storage.ManifestDocument;
import io.gatevault.core.storage.TargetDescription;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Data residency, checked again for every artifact at the moment it is written: the regions each
 * environment's backups may be stored in ({@code residency.<environment>} in gatevault.yml). The
 * check at start covers the gateways configured there; this one covers every artifact that reaches
 * replicate, whatever produced it, against the rules in force when it is written.
 *
 * @param allowedRegions per environment, the regions its backups may be stored in; an environment
 *     without an entry may be stored anywhere
 */
public record ResidencyRules(Map<String, List<String>> allowedRegions) {

  /** The tag naming a backup's environment (it is also the manifest's {@code environment}). */
  static final String ENVIRONMENT_TAG = "Environment";

  public ResidencyRules {
    allowedRegions = allowedRegions == null ? Map.of() : Map.copyOf(allowedRegions);
  }

  /** No rule: every region is allowed. */
  public static ResidencyRules none() {
    return new ResidencyRules(Map.of());
  }

  /**
   * Why {@code target} may not hold the artifact of {@code manifest}, or empty when it may. Both
   * the manifest's environment and its Environment tag are checked, so an artifact whose tag says
   * otherwise is held to both rules.
   */
  public Optional<Violation> check(ManifestDocument manifest, TargetDescription target) {
    Set<String> environments = new LinkedHashSet<>();
    environments.add(manifest.environment());
    String tagged = manifest.tags().get(ENVIRONMENT_TAG);
    if (tagged != null && !tagged.isBlank()) {
      environments.add(tagged);
    }
    for (String environment : environments) {
      List<String> allowed = allowedRegions.get(environment);
      if (allowed != null && !allowed.contains(target.region())) {
        return Optional.of(
            new Violation(
                manifest.artifactId(), environment, target.targetId(), target.region(), allowed));
      }
    }
    return Optional.empty();
  }

  /**
   * A target outside the regions an artifact's environment allows.
   *
   * @param artifactId the artifact not written
   * @param environment its environment
   * @param targetId the target it was not written to
   * @param region the target's region
   * @param allowed the regions {@code residency.<environment>} allows
   */
  public record Violation(
      String artifactId, String environment, String targetId, String region, List<String> allowed) {

    /** The setting that holds the rule. */
    public String rule() {
      return "residency." + environment + " = " + allowed;
    }

    /** One sentence naming artifact, environment, target, region and rule. */
    public String message() {
      return "artifact "
          + artifactId
          + " of environment "
          + environment
          + " was not written to target '"
          + targetId
          + "': its region '"
          + region
          + "' is outside the regions "
          + rule()
          + " allows. Move the target into an allowed region or, if the rule is wrong, change"
          + " residency."
          + environment;
    }
  }
}

package io.gatevault.messaging.registry;

import java.util.List;

/**
 * Outcome of a compatibility check.
 *
 * @param compatible whether the registry would accept the schema under the subject
 * @param messages the registry's reasons when it would not (may be empty for registries that do not
 *     give reasons)
 */
public record CompatibilityResult(boolean compatible, List<String> messages) {

  public CompatibilityResult {
    messages = List.copyOf(messages);
  }
}

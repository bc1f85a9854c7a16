package io.gatevault.registry.contract;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;

/**
 * The contract against a registry run elsewhere (Confluent, Apicurio ccompat, Karapace, Redpanda):
 * {@code ./mvnw -pl libs/registry verify -Dgatevault.registry.url=http://host:8081}. Skipped, with
 * a message in the report, when the property is unset.
 */
class ExternalSchemaRegistryContractIT extends SchemaRegistryContract {

  static final String PROPERTY = "gatevault.registry.url";

  @BeforeAll
  static void requireUrl() {
    String url = System.getProperty(PROPERTY, "");
    assumeTrue(
        !url.isBlank(),
        "No external schema registry given: set -D"
            + PROPERTY
            + "=http://host:port to run the contract against Confluent, Apicurio, Karapace or"
            + " Redpanda");
  }

  @Override
  protected String registryUrl() {
    return System.getProperty(PROPERTY);
  }
}

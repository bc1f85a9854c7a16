package io.gatevault.registry.contract;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The contract against a registry run elsewhere (Confluent, Apicurio ccompat, Karapace, Redpanda):
 * {@code ./mvnw -pl libs/registry verify -Dgatevault.registry.url=http://host:8081}. When the
 * property is unset every test is reported as skipped, with the reason, rather than vanishing.
 */
class ExternalSchemaRegistryContractIT extends SchemaRegistryContract {

  static final String PROPERTY = "gatevault.registry.url";

  @Override
  protected String registryUrl() {
    String url = System.getProperty(PROPERTY, "");
    assumeTrue(
        !url.isBlank(),
        "No external schema registry given: set -D"
            + PROPERTY
            + "=http://host:port to run the contract against Confluent, Apicurio, Karapace or"
            + " Redpanda");
    return url;
  }
}

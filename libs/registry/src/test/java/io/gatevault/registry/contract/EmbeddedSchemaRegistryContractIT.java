package io.gatevault.registry.contract;

import io.gatevault.registry.EmbeddedSchemaRegistry;
import io.gatevault.testsupport.SharedKafka;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract against Gatevault's own registry, persisting to the shared real Kafka broker. */
class EmbeddedSchemaRegistryContractIT extends SchemaRegistryContract {

  private static EmbeddedSchemaRegistry registry;
  private static String url;

  @BeforeAll
  static void startRegistry() {
    registry =
        EmbeddedSchemaRegistry.builder()
            .bootstrapServers(SharedKafka.bootstrapServers())
            .topic("_gatevault_schemas_contract_" + UUID.randomUUID())
            .build();
    url = registry.start();
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @Override
  protected String registryUrl() {
    return url;
  }
}

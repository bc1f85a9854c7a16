package io.gatevault.replicate.binding;

import io.gatevault.messaging.mapping.EventMappers;
import io.gatevault.replicate.application.ArtifactReplicator;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Binds {@code gatevault.artifacts.sealed} to the {@link ArtifactReplicator}: map, then delegate.
 */
@Configuration(proxyBeanMethods = false)
public class ReplicateBinding {

  @Bean
  Consumer<org.apache.avro.specific.SpecificRecord> replicateSealedArtifacts(
      EventMappers mappers, ArtifactReplicator artifactReplicator) {
    return record -> artifactReplicator.onSealedArtifact(mappers.toDomain(record));
  }
}

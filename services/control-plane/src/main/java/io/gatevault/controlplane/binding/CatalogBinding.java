package io.gatevault.controlplane.binding;

import io.gatevault.controlplane.application.BackupCatalogView;
import io.gatevault.core.event.ArtifactManifest;
import io.gatevault.core.event.DeletionRecord;
import io.gatevault.core.event.ReplicaWritten;
import io.gatevault.core.event.VerificationResult;
import io.gatevault.messaging.mapping.EventMappers;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Binds the pipeline's topics to the {@link BackupCatalogView}: map, then delegate. Sealed chunks
 * share gatevault.artifacts.sealed with the manifests; only manifests concern the catalog, so the
 * chunks are skipped before mapping.
 */
@Configuration(proxyBeanMethods = false)
public class CatalogBinding {

  @Bean
  Consumer<SpecificRecord> catalogArtifacts(EventMappers mappers, BackupCatalogView catalog) {
    return record -> {
      if (record instanceof io.gatevault.schemas.avro.ArtifactManifest) {
        catalog.onManifest((ArtifactManifest) mappers.toDomain(record));
      }
    };
  }

  @Bean
  Consumer<io.gatevault.schemas.avro.ReplicaWritten> catalogReplicas(
      EventMappers mappers, BackupCatalogView catalog) {
    return record -> catalog.onReplica((ReplicaWritten) mappers.toDomain(record));
  }

  @Bean
  Consumer<io.gatevault.schemas.avro.VerificationResult> catalogVerifications(
      EventMappers mappers, BackupCatalogView catalog) {
    return record -> catalog.onVerification((VerificationResult) mappers.toDomain(record));
  }

  @Bean
  Consumer<io.gatevault.schemas.avro.DeletionRecord> catalogDeletions(
      EventMappers mappers, BackupCatalogView catalog) {
    return record -> catalog.onDeletion((DeletionRecord) mappers.toDomain(record));
  }
}

package io.gatevault.replicate.adapter;

import io.gatevault.replicate.application.ArtifactReplicator;
import io.gatevault.replicate.application.ChunkStaging;
import io.gatevault.replicate.application.ResidencyRules;
import io.gatevault.replicate.application.TargetWritePolicy;
import io.gatevault.storage.StorageSettings;
import io.gatevault.storage.StorageTargets;
import io.gatevault.stream.AuditTrail;
import io.gatevault.stream.Envelopes;
import io.gatevault.stream.EventPublisher;
import io.gatevault.stream.GatevaultProperties;
import io.gatevault.stream.ProcessedEvents;
import io.gatevault.tls.TlsProperties;
import java.time.Clock;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Wires replicate's application service to its adapters: Kafka (stream-support) and storage. */
@Configuration(proxyBeanMethods = false)
public class ReplicateConfiguration {

  /** The backup targets; a configuration breaking the 3-2-1 rule stops start-up here. */
  @Bean
  StorageTargets storageTargets(Environment environment) {
    return StorageTargets.fromWithTls(
        Binder.get(environment)
            .bind("gatevault.storage", StorageSettings.class)
            .orElse(new StorageSettings(null)),
        // Each S3 target's TLS: gatevault.tls.targets.<id>.* (trust store, protocols, plaintext).
        id -> TlsProperties.read("gatevault.tls.targets." + id, environment::getProperty));
  }

  @Bean
  ChunkStaging chunkStaging(ReplicateProperties properties, Clock clock) {
    FilesystemChunkStaging staging = new FilesystemChunkStaging(properties.stagingDir());
    staging.discardOlderThan(clock.instant().minus(properties.stagingExpiry()));
    return staging;
  }

  /** Retry and circuit breaker per target: the only retry layer for target writes. */
  @Bean
  Resilience4jTargetWritePolicy targetWritePolicy(ReplicateProperties properties) {
    return new Resilience4jTargetWritePolicy(properties.resilience());
  }

  @Bean
  ArtifactReplicator artifactReplicator(
      StorageTargets targets,
      TargetWritePolicy targetWritePolicy,
      ChunkStaging staging,
      EventPublisher publisher,
      Envelopes envelopes,
      AuditTrail audit,
      GatevaultProperties properties,
      ReplicateProperties replicate) {
    int capacity = properties.stream().processedEventsCapacity();
    return new ArtifactReplicator(
        targets.all(),
        targetWritePolicy,
        new ResidencyRules(replicate.residency()),
        staging,
        publisher,
        envelopes,
        audit,
        new ProcessedEvents(capacity),
        new ProcessedEvents(capacity));
  }
}

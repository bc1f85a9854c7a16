package io.gatevault.replicate.adapter;

import io.gatevault.replicate.application.ArtifactReplicator;
import io.gatevault.stream.AuditTrail;
import io.gatevault.stream.GatevaultProperties;
import io.gatevault.stream.ProcessedEvents;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires replicate's application service to its adapters (Kafka, through stream-support). */
@Configuration(proxyBeanMethods = false)
public class ReplicateConfiguration {

  @Bean
  ArtifactReplicator artifactReplicator(AuditTrail audit, GatevaultProperties properties) {
    return new ArtifactReplicator(
        audit, new ProcessedEvents(properties.stream().processedEventsCapacity()));
  }
}

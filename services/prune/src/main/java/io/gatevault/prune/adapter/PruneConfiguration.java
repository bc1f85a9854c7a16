package io.gatevault.prune.adapter;

import io.gatevault.prune.application.RetentionPruner;
import io.gatevault.stream.AuditTrail;
import io.gatevault.stream.GatevaultProperties;
import io.gatevault.stream.ProcessedEvents;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires prune's application service to its adapters (Kafka, through stream-support). */
@Configuration(proxyBeanMethods = false)
public class PruneConfiguration {

  @Bean
  RetentionPruner retentionPruner(AuditTrail audit, GatevaultProperties properties) {
    return new RetentionPruner(
        audit, new ProcessedEvents(properties.stream().processedEventsCapacity()));
  }
}

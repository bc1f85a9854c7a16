package io.gatevault.restore.adapter;

import io.gatevault.restore.application.RestoreCoordinator;
import io.gatevault.stream.AuditTrail;
import io.gatevault.stream.GatevaultProperties;
import io.gatevault.stream.ProcessedEvents;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires restore's application service to its adapters (Kafka, through stream-support). */
@Configuration(proxyBeanMethods = false)
public class RestoreConfiguration {

  @Bean
  RestoreCoordinator restoreCoordinator(AuditTrail audit, GatevaultProperties properties) {
    return new RestoreCoordinator(
        audit, new ProcessedEvents(properties.stream().processedEventsCapacity()));
  }
}

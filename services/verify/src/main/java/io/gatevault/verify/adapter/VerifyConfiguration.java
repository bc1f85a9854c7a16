package io.gatevault.verify.adapter;

import io.gatevault.stream.AuditTrail;
import io.gatevault.stream.GatevaultProperties;
import io.gatevault.stream.ProcessedEvents;
import io.gatevault.verify.application.ReplicaVerifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires verify's application service to its adapters (Kafka, through stream-support). */
@Configuration(proxyBeanMethods = false)
public class VerifyConfiguration {

  @Bean
  ReplicaVerifier replicaVerifier(AuditTrail audit, GatevaultProperties properties) {
    return new ReplicaVerifier(
        audit, new ProcessedEvents(properties.stream().processedEventsCapacity()));
  }
}

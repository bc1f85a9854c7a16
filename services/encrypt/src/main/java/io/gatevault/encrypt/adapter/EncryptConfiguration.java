package io.gatevault.encrypt.adapter;

import io.gatevault.encrypt.application.EncryptProperties;
import io.gatevault.encrypt.application.SnapshotAssembler;
import io.gatevault.stream.AuditTrail;
import io.gatevault.stream.GatevaultProperties;
import io.gatevault.stream.ProcessedEvents;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires encrypt's application service to its adapters. */
@Configuration(proxyBeanMethods = false)
public class EncryptConfiguration {

  @Bean
  SnapshotAssembler snapshotAssembler(
      EncryptProperties limits, AuditTrail audit, GatevaultProperties properties, Clock clock) {
    int capacity = properties.stream().processedEventsCapacity();
    return new SnapshotAssembler(
        limits, audit, new ProcessedEvents(capacity), new ProcessedEvents(capacity), clock);
  }
}

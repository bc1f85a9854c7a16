package io.gatevault.prune.adapter;

import io.gatevault.prune.application.RetentionPruner;
import io.gatevault.storage.StorageSettings;
import io.gatevault.storage.StorageTargets;
import io.gatevault.stream.AuditTrail;
import io.gatevault.stream.Envelopes;
import io.gatevault.stream.EventPublisher;
import io.gatevault.stream.GatevaultProperties;
import io.gatevault.stream.ProcessedEvents;
import io.gatevault.tls.TlsProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Wires prune's application service to its adapters: Kafka (stream-support) and storage. */
@Configuration(proxyBeanMethods = false)
public class PruneConfiguration {

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
  RetentionPruner retentionPruner(
      StorageTargets targets,
      RetentionProperties retention,
      EventPublisher publisher,
      Envelopes envelopes,
      AuditTrail audit,
      GatevaultProperties properties) {
    return new RetentionPruner(
        targets.all(),
        retention.toPolicies(),
        publisher,
        envelopes,
        audit,
        new ProcessedEvents(properties.stream().processedEventsCapacity()));
  }
}

package io.gatevault.controlplane.adapter;

import io.gatevault.controlplane.application.AuditView;
import io.gatevault.controlplane.application.BackupCatalogView;
import io.gatevault.controlplane.application.CommandService;
import io.gatevault.controlplane.application.ControlPlaneProperties;
import io.gatevault.controlplane.application.KeyRotationAudit;
import io.gatevault.stream.AuditTrail;
import io.gatevault.stream.Envelopes;
import io.gatevault.stream.EventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the control plane's application services to Kafka (through stream-support). */
@Configuration(proxyBeanMethods = false)
public class ControlPlaneConfiguration {

  @Bean
  CommandService commandService(EventPublisher publisher, AuditTrail audit, Envelopes envelopes) {
    return new CommandService(publisher, audit, envelopes);
  }

  @Bean
  KeyRotationAudit keyRotationAudit(EventPublisher publisher, Envelopes envelopes) {
    return new KeyRotationAudit(publisher, envelopes);
  }

  @Bean
  BackupCatalogView backupCatalogView(ControlPlaneProperties properties) {
    return new BackupCatalogView(properties.catalogCapacity());
  }

  @Bean
  AuditView auditView(ControlPlaneProperties properties) {
    return new AuditView(properties.auditViewCapacity());
  }
}

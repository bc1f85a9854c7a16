package io.gatevault.controlplane.adapter;

import io.gatevault.controlplane.application.ErasureAudit;
import io.gatevault.stream.Envelopes;
import io.gatevault.stream.EventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires {@link ErasureAudit} (reported by {@code gatevault gdpr erase}). */
@Configuration(proxyBeanMethods = false)
public class ErasureAuditConfiguration {

  @Bean
  ErasureAudit erasureAudit(EventPublisher publisher, Envelopes envelopes) {
    return new ErasureAudit(publisher, envelopes);
  }
}

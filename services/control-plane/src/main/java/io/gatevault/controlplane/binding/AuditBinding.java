package io.gatevault.controlplane.binding;

import io.gatevault.controlplane.application.AuditView;
import io.gatevault.core.event.AuditRecord;
import io.gatevault.messaging.mapping.EventMappers;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Binds {@code gatevault.audit} to the {@link AuditView}: map, then delegate. */
@Configuration(proxyBeanMethods = false)
public class AuditBinding {

  @Bean
  Consumer<io.gatevault.schemas.avro.AuditRecord> controlPlaneAudit(
      EventMappers mappers, AuditView view) {
    return record -> view.add((AuditRecord) mappers.toDomain(record));
  }
}

package io.gatevault.controlplane.binding;

import io.gatevault.controlplane.application.AuditView;
import io.gatevault.controlplane.application.BackupCatalogView;
import io.gatevault.controlplane.application.ErasureReplacement;
import io.gatevault.core.event.AuditRecord;
import io.gatevault.messaging.mapping.EventMappers;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Binds {@code gatevault.audit} to the {@link AuditView}: map, then delegate. The backups {@code
 * gdpr erase} wrote in place of others arrive here too ({@link ErasureReplacement}) and go to the
 * {@link BackupCatalogView}.
 */
@Configuration(proxyBeanMethods = false)
public class AuditBinding {

  @Bean
  Consumer<io.gatevault.schemas.avro.AuditRecord> controlPlaneAudit(
      EventMappers mappers, AuditView view, BackupCatalogView catalog) {
    return avro -> {
      AuditRecord record = (AuditRecord) mappers.toDomain(avro);
      view.add(record);
      ErasureReplacement.fromAudit(record).ifPresent(catalog::onReplacement);
    };
  }
}

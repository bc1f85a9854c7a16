package io.gatevault.verify.binding;

import io.gatevault.core.event.ReplicaWritten;
import io.gatevault.messaging.mapping.EventMappers;
import io.gatevault.verify.application.ReplicaVerifier;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Binds {@code gatevault.replicas} to the {@link ReplicaVerifier}: map, then delegate. */
@Configuration(proxyBeanMethods = false)
public class VerifyBinding {

  @Bean
  Consumer<io.gatevault.schemas.avro.ReplicaWritten> verifyReplicas(
      EventMappers mappers, ReplicaVerifier replicaVerifier) {
    return replica -> replicaVerifier.onReplicaWritten((ReplicaWritten) mappers.toDomain(replica));
  }
}

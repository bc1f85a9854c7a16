package io.gatevault.verify.binding;

import io.gatevault.core.event.ReplicaWritten;
import io.gatevault.core.event.VerifyRequested;
import io.gatevault.messaging.mapping.EventMappers;
import io.gatevault.verify.application.ReplicaVerifier;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

/** Binds {@code gatevault.replicas} to the {@link ReplicaVerifier}: map, then delegate. */
@Configuration(proxyBeanMethods = false)
public class VerifyBinding {

  private final ReplicaVerifier replicaVerifier;

  VerifyBinding(ReplicaVerifier replicaVerifier) {
    this.replicaVerifier = replicaVerifier;
  }

  @Bean
  Consumer<io.gatevault.schemas.avro.ReplicaWritten> verifyReplicas(EventMappers mappers) {
    return replica -> replicaVerifier.onReplicaWritten((ReplicaWritten) mappers.toDomain(replica));
  }

  /** Re-verification on request ({@code VerifyRequested}); other commands are not verify's. */
  @Bean
  Consumer<io.gatevault.schemas.avro.Command> verifyCommands(EventMappers mappers) {
    return command -> {
      if (mappers.toDomain(command) instanceof VerifyRequested request) {
        replicaVerifier.onVerifyRequested(request);
      }
    };
  }

  /** Artifacts whose missing replicas never arrive are verified after the wait timeout. */
  @Scheduled(fixedDelayString = "${gatevault.verify.expiry-check-interval:15s}")
  void verifyExpired() {
    replicaVerifier.verifyExpired();
  }
}

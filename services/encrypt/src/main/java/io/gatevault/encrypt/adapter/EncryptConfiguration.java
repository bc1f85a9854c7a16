package io.gatevault.encrypt.adapter;

import io.gatevault.crypto.ConfiguredKeyrings;
import io.gatevault.crypto.EnvelopeSealer;
import io.gatevault.crypto.GcmWarmUp;
import io.gatevault.crypto.Keyring;
import io.gatevault.encrypt.application.ArtifactSealingService;
import io.gatevault.encrypt.application.EncryptProperties;
import io.gatevault.encrypt.application.KeyringProperties;
import io.gatevault.encrypt.application.SnapshotAssembler;
import io.gatevault.stream.AuditTrail;
import io.gatevault.stream.Envelopes;
import io.gatevault.stream.EventPublisher;
import io.gatevault.stream.GatevaultProperties;
import io.gatevault.stream.ProcessedEvents;
import io.gatevault.tls.TlsProperties;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Wires encrypt's application services to their adapters (Kafka, the keystore). */
@Configuration(proxyBeanMethods = false)
public class EncryptConfiguration {

  @Bean
  SnapshotAssembler snapshotAssembler(
      EncryptProperties limits, AuditTrail audit, GatevaultProperties properties, Clock clock) {
    int capacity = properties.stream().processedEventsCapacity();
    return new SnapshotAssembler(
        limits, audit, new ProcessedEvents(capacity), new ProcessedEvents(capacity), clock);
  }

  /**
   * Loaded at start-up, so a wrong key setting stops the service with its fix named. The sealing
   * keyring: the provider's key wraps every data key, the recovery key's public half too; the
   * recovery private key is never read here, even when configured.
   */
  @Bean
  Keyring keyring(KeyringProperties keyring, Environment environment) {
    // AWS KMS over TLS as configured: gatevault.tls.keyring-kms.* (trust store, protocols).
    Keyring loaded =
        new ConfiguredKeyrings(
                System::getenv,
                TlsProperties.read("gatevault.tls.keyring-kms", environment::getProperty))
            .forSealing(keyring.toProviderSettings());
    GcmWarmUp.startOnce();
    return loaded;
  }

  @Bean
  ArtifactSealingService artifactSealingService(
      Keyring keyring, EventPublisher publisher, Envelopes envelopes, AuditTrail audit) {
    return new ArtifactSealingService(new EnvelopeSealer(keyring), publisher, envelopes, audit);
  }
}

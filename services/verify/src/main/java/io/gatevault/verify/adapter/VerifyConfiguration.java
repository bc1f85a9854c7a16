package io.gatevault.verify.adapter;

import io.gatevault.crypto.ConfiguredKeyrings;
import io.gatevault.crypto.EnvelopeUnsealer;
import io.gatevault.crypto.GcmWarmUp;
import io.gatevault.crypto.Keyring;
import io.gatevault.storage.StorageSettings;
import io.gatevault.storage.StorageTargets;
import io.gatevault.stream.AuditTrail;
import io.gatevault.stream.Envelopes;
import io.gatevault.stream.EventPublisher;
import io.gatevault.stream.GatevaultProperties;
import io.gatevault.stream.ProcessedEvents;
import io.gatevault.tls.TlsProperties;
import io.gatevault.verify.application.ArtifactVerifier;
import io.gatevault.verify.application.KeyringProperties;
import io.gatevault.verify.application.ReplicaVerifier;
import io.gatevault.verify.application.VerifyProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Wires verify's application service to its adapters: Kafka, the backup targets, the keyring. */
@Configuration(proxyBeanMethods = false)
public class VerifyConfiguration {

  /** The configured targets; a configuration breaking the 3-2-1 rule stops the service. */
  @Bean
  StorageTargets storageTargets(Environment environment) {
    return StorageTargets.fromWithTls(
        Binder.get(environment)
            .bind("gatevault.storage", StorageSettings.class)
            .orElse(new StorageSettings(null)),
        // Each S3 target's TLS: gatevault.tls.targets.<id>.* (trust store, protocols, plaintext).
        id -> TlsProperties.read("gatevault.tls.targets." + id, environment::getProperty));
  }

  /**
   * Loaded at start-up, so a wrong key setting stops the service with its fix named. Opens with
   * every configured key: the provider's and, only when configured, the recovery private key.
   */
  @Bean
  Keyring keyring(KeyringProperties keyring, Environment environment) {
    // AWS KMS over TLS as configured: gatevault.tls.keyring-kms.* (trust store, protocols).
    Keyring loaded =
        new ConfiguredKeyrings(
                System::getenv,
                TlsProperties.read("gatevault.tls.keyring-kms", environment::getProperty))
            .forOpening(keyring.toProviderSettings());
    GcmWarmUp.startOnce();
    return loaded;
  }

  @Bean
  ReplicaVerifier replicaVerifier(
      StorageTargets targets,
      Keyring keyring,
      VerifyProperties settings,
      EventPublisher publisher,
      Envelopes envelopes,
      AuditTrail audit,
      GatevaultProperties properties) {
    return new ReplicaVerifier(
        targets.all(),
        new ArtifactVerifier(
            new EnvelopeUnsealer(keyring), keyring.reference(), settings.workDir()),
        publisher,
        envelopes,
        audit,
        new ProcessedEvents(properties.stream().processedEventsCapacity()),
        settings.replicaWaitTimeout());
  }
}

package io.gatevault.restore.adapter;

import io.gatevault.core.storage.BackupStore;
import io.gatevault.crypto.ConfiguredKeyrings;
import io.gatevault.crypto.EnvelopeUnsealer;
import io.gatevault.crypto.KeyProviderSettings;
import io.gatevault.crypto.KeystoreSettings;
import io.gatevault.crypto.KmsKeySettings;
import io.gatevault.crypto.RecoveryKeySettings;
import io.gatevault.restore.application.BackupSource;
import io.gatevault.restore.application.GatewayDirectory;
import io.gatevault.restore.application.RestoreCoordinator;
import io.gatevault.restore.application.RestoreProperties;
import io.gatevault.restore.application.SafetySnapshots;
import io.gatevault.storage.StorageSettings;
import io.gatevault.storage.StorageTargets;
import io.gatevault.stream.AuditTrail;
import io.gatevault.stream.GatevaultProperties;
import io.gatevault.stream.GatevaultTopics;
import io.gatevault.stream.KafkaConnection;
import io.gatevault.stream.ProcessedEvents;
import io.gatevault.tls.TlsProperties;
import io.gatevault.tls.TlsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Wires restore's application service to its adapters (gateways, storage, keyring, Kafka). */
@Configuration(proxyBeanMethods = false)
public class RestoreConfiguration {

  /** Each gateway with its TLS settings, {@code gatevault.tls.gateways.<id>.*}. */
  @Bean
  GatewayDirectory restoreGatewayDirectory(RestoreProperties properties, Environment environment) {
    return new ConfiguredGatewayDirectory(
        properties,
        id -> TlsProperties.read("gatevault.tls.gateways." + id, environment::getProperty));
  }

  @Bean
  BackupSource backupSource(Environment environment) {
    Binder binder = Binder.get(environment);
    StorageSettings storage =
        binder.bind("gatevault.storage", StorageSettings.class).orElse(new StorageSettings(null));
    List<BackupStore> stores =
        storage.targets() == null || storage.targets().isEmpty()
            ? List.of()
            : StorageTargets.fromWithTls(
                    storage,
                    id ->
                        TlsProperties.read("gatevault.tls.targets." + id, environment::getProperty))
                .all();
    return new StorageBackupSource(
        stores,
        unsealer(
            binder, TlsProperties.read("gatevault.tls.keyring-kms", environment::getProperty)));
  }

  @Bean
  RestoreCoordinator restoreCoordinator(
      BackupSource backups,
      GatewayDirectory gateways,
      AuditTrail audit,
      GatevaultProperties properties,
      RestoreProperties restore,
      KafkaConnection kafka,
      KafkaCaptureHeartbeats heartbeats,
      Environment environment) {
    return new RestoreCoordinator(
        backups,
        gateways,
        audit,
        new ProcessedEvents(properties.stream().processedEventsCapacity()),
        new SafetySnapshots(restore.safetySnapshotsKept()),
        new KafkaChangeTail(
            kafka.clientConfig(),
            environment.getProperty("gatevault.registry.url", ""),
            GatevaultTopics.CHANGES_RAW,
            Duration.ofSeconds(30)),
        heartbeats);
  }

  /** Capture's heartbeats, which prove until when the change log is complete. */
  @Bean(destroyMethod = "close")
  KafkaCaptureHeartbeats captureHeartbeats(KafkaConnection kafka) {
    return new KafkaCaptureHeartbeats(
        kafka.clientConfig(), GatevaultTopics.CAPTURE_HEARTBEATS, Duration.ofSeconds(30));
  }

  /**
   * Loads the keyring when a restore first needs it, so a restore without {@code
   * gatevault.keyring.*} fails naming the setting, and a service that never restores needs none. It
   * opens with every configured key: the provider's (keystore or aws-kms) and, only when
   * configured, the recovery private key.
   */
  private static Supplier<EnvelopeUnsealer> unsealer(Binder binder, TlsSettings kmsTls) {
    return new Supplier<>() {
      private EnvelopeUnsealer loaded;

      @Override
      public synchronized EnvelopeUnsealer get() {
        if (loaded == null) {
          loaded =
              new EnvelopeUnsealer(
                  new ConfiguredKeyrings(System::getenv, kmsTls).forOpening(keyProvider(binder)));
        }
        return loaded;
      }
    };
  }

  /** {@code gatevault.keyring.*} as the crypto library's settings. */
  static KeyProviderSettings keyProvider(Binder binder) {
    String provider =
        binder
            .bind("gatevault.keyring.provider", String.class)
            .orElse(KeyProviderSettings.KEYSTORE);
    int keyVersion = binder.bind("gatevault.keyring.key-version", Integer.class).orElse(1);
    Path keystore = binder.bind("gatevault.keyring.keystore-path", Path.class).orElse(null);
    if (keystore == null && KeyProviderSettings.KEYSTORE.equals(provider)) {
      RecoveryKeySettings recovery =
          binder.bind("gatevault.keyring.recovery", RecoveryKeySettings.class).orElse(null);
      if (recovery == null || recovery.privateKey() == null) {
        throw new IllegalStateException(
            "gatevault.keyring.keystore-path is not set: restore needs the keystore holding the"
                + " key that wrapped the backups' data keys (or the recovery private key,"
                + " gatevault.keyring.recovery.private-key)");
      }
    }
    KeystoreSettings keystoreSettings =
        keystore == null
            ? null
            : new KeystoreSettings(
                keystore,
                binder.bind("gatevault.keyring.password-env", String.class).orElse(null),
                binder.bind("gatevault.keyring.password-file", Path.class).orElse(null),
                binder.bind("gatevault.keyring.key-alias", String.class).orElse("gatevault-kek"),
                keyVersion);
    return new KeyProviderSettings(
        provider,
        keystoreSettings,
        binder.bind("gatevault.keyring.kms", KmsKeySettings.class).orElse(null),
        keyVersion,
        binder.bind("gatevault.keyring.recovery", RecoveryKeySettings.class).orElse(null));
  }
}

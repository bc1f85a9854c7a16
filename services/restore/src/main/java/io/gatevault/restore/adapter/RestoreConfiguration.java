package io.gatevault.restore.adapter;

import io.gatevault.core.storage.BackupStore;
import io.gatevault.crypto.EnvelopeUnsealer;
import io.gatevault.crypto.KeystoreLoader;
import io.gatevault.crypto.KeystoreSettings;
import io.gatevault.restore.application.BackupSource;
import io.gatevault.restore.application.GatewayDirectory;
import io.gatevault.restore.application.RestoreCoordinator;
import io.gatevault.restore.application.RestoreProperties;
import io.gatevault.restore.application.SafetySnapshots;
import io.gatevault.storage.StorageSettings;
import io.gatevault.storage.StorageTargets;
import io.gatevault.stream.AuditTrail;
import io.gatevault.stream.GatevaultProperties;
import io.gatevault.stream.ProcessedEvents;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Wires restore's application service to its adapters (gateways, storage, keyring, Kafka). */
@Configuration(proxyBeanMethods = false)
public class RestoreConfiguration {

  @Bean
  GatewayDirectory restoreGatewayDirectory(RestoreProperties properties) {
    return new ConfiguredGatewayDirectory(properties);
  }

  @Bean
  BackupSource backupSource(Environment environment) {
    Binder binder = Binder.get(environment);
    StorageSettings storage =
        binder.bind("gatevault.storage", StorageSettings.class).orElse(new StorageSettings(null));
    List<BackupStore> stores =
        storage.targets() == null || storage.targets().isEmpty()
            ? List.of()
            : StorageTargets.from(storage).all();
    return new StorageBackupSource(stores, unsealer(binder));
  }

  @Bean
  RestoreCoordinator restoreCoordinator(
      BackupSource backups,
      GatewayDirectory gateways,
      AuditTrail audit,
      GatevaultProperties properties,
      RestoreProperties restore) {
    return new RestoreCoordinator(
        backups,
        gateways,
        audit,
        new ProcessedEvents(properties.stream().processedEventsCapacity()),
        new SafetySnapshots(restore.safetySnapshotsKept()));
  }

  /**
   * Loads the keyring when a restore first needs it, so a restore without {@code
   * gatevault.keyring.*} fails naming the setting, and a service that never restores needs none.
   */
  private static Supplier<EnvelopeUnsealer> unsealer(Binder binder) {
    return new Supplier<>() {
      private EnvelopeUnsealer loaded;

      @Override
      public synchronized EnvelopeUnsealer get() {
        if (loaded == null) {
          Path keystore =
              binder
                  .bind("gatevault.keyring.keystore-path", Path.class)
                  .orElseThrow(
                      () ->
                          new IllegalStateException(
                              "gatevault.keyring.keystore-path is not set: restore needs the"
                                  + " keystore holding the key that wrapped the backups'"
                                  + " data keys"));
          KeystoreSettings settings =
              new KeystoreSettings(
                  keystore,
                  binder.bind("gatevault.keyring.password-env", String.class).orElse(null),
                  binder.bind("gatevault.keyring.password-file", Path.class).orElse(null),
                  binder
                      .bind("gatevault.keyring.key-alias", String.class)
                      .orElseThrow(
                          () ->
                              new IllegalStateException(
                                  "gatevault.keyring.key-alias is not set: name the keystore"
                                      + " entry that wrapped the backups' data keys")),
                  binder.bind("gatevault.keyring.key-version", Integer.class).orElse(1));
          loaded = new EnvelopeUnsealer(new KeystoreLoader().loadKeyring(settings));
        }
        return loaded;
      }
    };
  }
}

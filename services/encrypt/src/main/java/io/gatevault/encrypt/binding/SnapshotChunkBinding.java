package io.gatevault.encrypt.binding;

import io.gatevault.core.event.SnapshotChunk;
import io.gatevault.encrypt.application.ArtifactSealingService;
import io.gatevault.encrypt.application.SnapshotAssembler;
import io.gatevault.messaging.mapping.EventMappers;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Binds {@code gatevault.snapshots.raw} to the {@link SnapshotAssembler} and each completed
 * snapshot to the {@link ArtifactSealingService}: map, then delegate.
 */
@Configuration(proxyBeanMethods = false)
public class SnapshotChunkBinding {

  private final SnapshotAssembler assembler;
  private final ArtifactSealingService sealing;

  SnapshotChunkBinding(SnapshotAssembler assembler, ArtifactSealingService sealing) {
    this.assembler = assembler;
    this.sealing = sealing;
  }

  @Bean
  Consumer<io.gatevault.schemas.avro.SnapshotChunk> encryptSnapshotChunks(EventMappers mappers) {
    return chunk ->
        assembler.accept((SnapshotChunk) mappers.toDomain(chunk)).ifPresent(sealing::seal);
  }

  /** Incomplete snapshots also expire when no further chunk arrives to trigger the check. */
  @Scheduled(fixedDelayString = "${gatevault.encrypt.expiry-check-interval:30s}")
  void expireStaleSnapshots() {
    assembler.expireStale();
  }
}

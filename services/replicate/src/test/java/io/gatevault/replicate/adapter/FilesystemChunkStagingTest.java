package io.gatevault.replicate.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The staging folder's durable records, in a real folder. */
class FilesystemChunkStagingTest {

  @TempDir Path folder;

  @Test
  void expiryDiscardsAbandonedArtifactsButKeepsOnesStillOwedToATarget() {
    FilesystemChunkStaging staging = new FilesystemChunkStaging(folder);
    staging.stageChunk("abandoned", 0, 2, new byte[] {1});
    staging.stageChunk("owed", 0, 1, new byte[] {2});
    staging.recordPendingTargets("owed", Set.of("usb-offsite"));

    int discarded = staging.discardOlderThan(Instant.now().plusSeconds(60));

    assertThat(discarded).isEqualTo(1);
    assertThat(folder.resolve("abandoned")).doesNotExist();
    assertThat(staging.pendingTargets("owed")).contains(Set.of("usb-offsite"));
    assertThat(staging.artifactsWithPendingTargets()).containsExactly("owed");
  }

  @Test
  void theReplicatedRecordSurvivesARestartAndExpiresWithTheStagingExpiry() {
    new FilesystemChunkStaging(folder).markReplicated("done");

    FilesystemChunkStaging restarted = new FilesystemChunkStaging(folder);
    assertThat(restarted.wasReplicated("done")).isTrue();
    assertThat(restarted.wasReplicated("other")).isFalse();
    assertThat(restarted.artifactsWithPendingTargets()).isEmpty();

    restarted.discardOlderThan(Instant.now().plusSeconds(60));
    assertThat(restarted.wasReplicated("done")).isFalse();
  }
}

package io.gatevault.replicate.binding;

import io.gatevault.replicate.application.ArtifactReplicator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Runs {@link ArtifactReplicator#catchUp()} every {@code
 * gatevault.replicate.resilience.catch-up-interval}, from start-up on: artifacts still owed to a
 * target are written to it once it answers again, including writes a crash interrupted.
 */
@Configuration(proxyBeanMethods = false)
public class CatchUpSchedule {

  private static final Logger log = LoggerFactory.getLogger(CatchUpSchedule.class);

  private final ArtifactReplicator artifactReplicator;

  CatchUpSchedule(ArtifactReplicator artifactReplicator) {
    this.artifactReplicator = artifactReplicator;
  }

  @Scheduled(fixedDelayString = "${gatevault.replicate.resilience.catch-up-interval:30s}")
  void catchUp() {
    try {
      int written = artifactReplicator.catchUp();
      if (written > 0) {
        log.info("Catch-up wrote {} pending replica(s)", written);
      }
    } catch (RuntimeException e) {
      // The next round tries again; the staged artifacts and their pending targets are kept.
      log.warn("Catch-up of pending replicas failed; retried next round: {}", e.toString());
    }
  }
}

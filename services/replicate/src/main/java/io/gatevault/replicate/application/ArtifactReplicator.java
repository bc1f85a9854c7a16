package io.gatevault.replicate.application;

import io.gatevault.core.event.ArtifactManifest;
import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.event.GatevaultEvent;
import io.gatevault.core.event.SealedArtifact;
import io.gatevault.stream.AuditTrail;
import io.gatevault.stream.ProcessedEvents;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The replicate service's application logic. This release receives sealed artifacts (SealedArtifact
 * chunks and ArtifactManifest) once each (redeliveries are ignored through {@link ProcessedEvents})
 * and audits the receipt as {@value #ACTION}. The next release will write each sealed artifact to
 * every configured storage target (filesystem, S3 EU, S3 off-site, offline/WORM) and publish a
 * ReplicaWritten per copy.
 */
public class ArtifactReplicator {

  static final String ACTION = "artifact.received";

  private final AuditTrail audit;
  private final ProcessedEvents processed;

  public ArtifactReplicator(AuditTrail audit, ProcessedEvents processed) {
    this.audit = audit;
    this.processed = processed;
  }

  /** Handles a sealed artifact chunk or an artifact manifest. */
  public void onSealedArtifact(GatevaultEvent event) {
    processed.handleOnce(event.envelope().eventId(), () -> recordReceipt(event));
  }

  private void recordReceipt(GatevaultEvent event) {
    Map<String, String> detail = new LinkedHashMap<>();
    String artifactId;
    if (event instanceof SealedArtifact chunk) {
      artifactId = chunk.artifactId();
      detail.put("kind", "SealedArtifact");
      detail.put("chunk", chunk.chunkIndex() + "/" + chunk.chunkCount());
    } else if (event instanceof ArtifactManifest manifest) {
      artifactId = manifest.artifactId();
      detail.put("kind", "ArtifactManifest");
      detail.put("sha256", manifest.sha256());
    } else {
      throw new IllegalArgumentException(
          "gatevault.artifacts.sealed carries SealedArtifact and ArtifactManifest only, got "
              + event.getClass().getSimpleName());
    }
    detail.put("status", "received; replication arrives with the next release");
    audit.record(
        ACTION,
        artifactId,
        AuditOutcome.SUCCESS,
        event.envelope(),
        event.envelope().gatewayId(),
        detail);
  }
}

package io.gatevault.verify.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.core.storage.RepositoryLayout;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@link ArtifactVerifier#manifestKeyNear}: the manifest's key from where a replica went. */
class ManifestKeyNearTest {

  private static final String ARTIFACT = "8d71ba72-ceb7-8cdd-a89a-798a5425a508";
  private static final String SEGMENT = RepositoryLayout.changeSegment("prod", "caddy-1", 11, 16);
  private static final String MANIFEST = RepositoryLayout.manifest("prod", "caddy-1", ARTIFACT);

  @Test
  void aFolderTargetsFileUriGivesTheManifestBesideTheSegment() {
    String location = Path.of("/var/backups/local").resolve(SEGMENT).toUri().toString();

    assertThat(ArtifactVerifier.manifestKeyNear(location, ARTIFACT)).hasValue(MANIFEST);
  }

  @Test
  void anS3LocationUnderAPrefixGivesTheSameKey() {
    String location = "s3://backups/gatevault/" + SEGMENT;

    assertThat(ArtifactVerifier.manifestKeyNear(location, ARTIFACT)).hasValue(MANIFEST);
  }

  @Test
  void aFolderCalledLikeTheLayoutVersionAboveTheRepositoryIsSkipped() {
    String location = "file:///srv/v1/backups/" + SEGMENT;

    assertThat(ArtifactVerifier.manifestKeyNear(location, ARTIFACT)).hasValue(MANIFEST);
  }

  @Test
  void aLocationWithoutALayoutKeyGivesNothingSoTheTargetIsSearched() {
    assertThat(ArtifactVerifier.manifestKeyNear("file:///srv/elsewhere/blob", ARTIFACT)).isEmpty();
    assertThat(ArtifactVerifier.manifestKeyNear(null, ARTIFACT)).isEmpty();
  }
}

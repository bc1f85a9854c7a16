package io.gatevault.crypto.rotation;

import io.gatevault.core.storage.RepositoryLayout;
import io.gatevault.crypto.EncryptionContext;
import java.util.Comparator;

/** One artifact of the repository, as its manifest key names it. */
record ArtifactRef(String environment, String gatewayId, String artifactId)
    implements Comparable<ArtifactRef> {

  private static final Comparator<ArtifactRef> ORDER =
      Comparator.comparing(ArtifactRef::environment)
          .thenComparing(ArtifactRef::gatewayId)
          .thenComparing(ArtifactRef::artifactId);

  /** The context its data key is bound to (the manifest's gateway, environment and id). */
  EncryptionContext context() {
    return new EncryptionContext(gatewayId, environment, artifactId);
  }

  String wrappedKey(int keyVersion) {
    return RepositoryLayout.wrappedKey(environment, gatewayId, artifactId, keyVersion);
  }

  /** {@code <environment>/<gatewayId>/<artifactId>}, for journal keys. */
  String path() {
    return environment + "/" + gatewayId + "/" + artifactId;
  }

  @Override
  public int compareTo(ArtifactRef other) {
    return ORDER.compare(this, other);
  }
}

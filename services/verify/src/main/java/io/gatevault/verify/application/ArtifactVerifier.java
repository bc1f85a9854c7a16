package io.gatevault.verify.application;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.event.VerificationCheck;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.BackupStoreException;
import io.gatevault.core.storage.ManifestDocument;
import io.gatevault.core.storage.RepositoryLayout;
import io.gatevault.core.storage.RepositoryObject;
import io.gatevault.crypto.ArtifactTamperedException;
import io.gatevault.crypto.EncryptionContext;
import io.gatevault.crypto.EnvelopeUnsealer;
import io.gatevault.crypto.SealedSizes;
import io.gatevault.crypto.WrappedDataKey;
import io.gatevault.crypto.WrappingKeyReference;
import io.gatevault.crypto.WrongKeyException;
import io.gatevault.crypto.rotation.WrappedKeyObjects;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checks every copy of one artifact: on each target it reads the manifest and the sealed artifact
 * back, compares the artifact's SHA-256 with the manifest's, unwraps the data key with the keyring
 * and unseals the artifact to a temporary file (the GVX1 tags authenticate every byte), then parses
 * the snapshot document as JSON: a test restore without a gateway.
 *
 * <p>Each target yields exactly one {@link VerificationCheck}: passed when every step passed,
 * otherwise named after the step that failed ({@code read-back}, {@code checksum}, {@code decrypt},
 * {@code parse}) with the reason. So one damaged or missing replica makes the artifact PARTIAL, and
 * a key that opens no copy makes it FAILED.
 */
public class ArtifactVerifier {

  static final String PASSED = "checksum+decrypt+parse";

  private final EnvelopeUnsealer unsealer;
  private final WrappingKeyReference keyringReference;
  private final Path workDir;
  private final ObjectMapper json =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  // Copies are checked in parallel, a few targets at a time (daemon: ends with the process).
  private final ExecutorService copies =
      Executors.newFixedThreadPool(
          4,
          new ThreadFactory() {
            private final AtomicInteger threads = new AtomicInteger();

            @Override
            public Thread newThread(Runnable task) {
              Thread thread = new Thread(task, "verify-copy-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            }
          });

  public ArtifactVerifier(
      EnvelopeUnsealer unsealer, WrappingKeyReference keyringReference, Path workDir) {
    this.unsealer = unsealer;
    this.keyringReference = keyringReference;
    this.workDir = workDir;
  }

  /**
   * What verifying one artifact found.
   *
   * @param manifest the artifact's manifest as read from the first target holding one, if any
   * @param checks one check per target, in target order
   */
  public record Findings(Optional<ManifestDocument> manifest, List<VerificationCheck> checks) {}

  /** Verifies {@code artifactId} on every one of {@code targets}. */
  public Findings verify(String artifactId, List<? extends BackupStore> targets) {
    return verify(artifactId, targets, Optional.empty());
  }

  /**
   * Verifies {@code artifactId} on every one of {@code targets}, all targets at the same time (an
   * artifact costs its slowest copy, not their sum).
   *
   * @param manifestKey where the manifest should be (derived from where a replica was written):
   *     read directly instead of searching the target; a target that has no manifest of this
   *     artifact there is searched as before
   */
  public Findings verify(
      String artifactId, List<? extends BackupStore> targets, Optional<String> manifestKey) {
    List<Future<Copy>> futures = new ArrayList<>(targets.size());
    for (BackupStore target : targets) {
      futures.add(copies.submit(() -> checkCopy(target, artifactId, manifestKey)));
    }
    List<VerificationCheck> checks = new ArrayList<>();
    Optional<ManifestDocument> anyManifest = Optional.empty();
    for (int index = 0; index < futures.size(); index++) {
      Copy copy = await(futures.get(index), targets.get(index), artifactId);
      checks.add(copy.check());
      if (anyManifest.isEmpty()) {
        anyManifest = copy.manifest();
      }
    }
    return new Findings(anyManifest, checks);
  }

  /** What one target's copy gave: its manifest when found, and its check. */
  private record Copy(Optional<ManifestDocument> manifest, VerificationCheck check) {}

  private Copy checkCopy(BackupStore target, String artifactId, Optional<String> manifestKey) {
    String targetId = target.describe().targetId();
    Optional<ManifestDocument> manifest;
    try {
      manifest = manifestAt(target, artifactId, manifestKey);
      if (manifest.isEmpty()) {
        manifest = findManifest(target, artifactId);
      }
    } catch (RuntimeException e) {
      return new Copy(
          Optional.empty(),
          fail("read-back", targetId, "cannot list or read the target: " + message(e)));
    }
    if (manifest.isEmpty()) {
      return new Copy(
          Optional.empty(),
          fail(
              "read-back",
              targetId,
              "no manifest of artifact " + artifactId + " on this target: the replica is missing"));
    }
    return new Copy(manifest, verifyCopy(target, targetId, manifest.get()));
  }

  private static Copy await(Future<Copy> copy, BackupStore target, String artifactId) {
    try {
      return copy.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted while verifying artifact "
              + artifactId
              + " on target "
              + target.describe().targetId(),
          e);
    } catch (ExecutionException e) {
      return new Copy(
          Optional.empty(),
          fail(
              "read-back",
              target.describe().targetId(),
              e.getCause() instanceof Exception cause
                  ? message(cause)
                  : String.valueOf(e.getCause())));
    }
  }

  /** The manifest at {@code manifestKey} when it is this artifact's; empty otherwise. */
  private static Optional<ManifestDocument> manifestAt(
      BackupStore target, String artifactId, Optional<String> manifestKey) {
    if (manifestKey.isEmpty() || !target.exists(manifestKey.get())) {
      return Optional.empty();
    }
    ManifestDocument manifest =
        ManifestDocument.fromJson(
            target.get(manifestKey.get()), target.location(manifestKey.get()));
    return manifest.artifactId().equals(artifactId) ? Optional.of(manifest) : Optional.empty();
  }

  /**
   * Where the manifest of {@code artifactId} is, judged from the location a replica of it was
   * written to (which ends with the artifact's key in the repository layout); empty when the
   * location shows no such key.
   */
  public static Optional<String> manifestKeyNear(String location, String artifactId) {
    if (location == null) {
      return Optional.empty();
    }
    String marker = "/" + RepositoryLayout.versionPrefix();
    for (int at = location.indexOf(marker); at >= 0; at = location.indexOf(marker, at + 1)) {
      try {
        RepositoryObject object = RepositoryLayout.parse(location.substring(at + 1));
        return Optional.of(
            RepositoryLayout.manifest(object.environment(), object.gatewayId(), artifactId));
      } catch (RuntimeException notALayoutKey) {
        // A folder named like the version prefix above the repository: try the next one.
      }
    }
    return Optional.empty();
  }

  /**
   * A change segment is JSON lines, one change per line with increasing sequences
   * (docs/repository-format.md); what is wrong with it, or null when it reads as one.
   */
  private String changeSegmentProblem(Path plaintext) throws IOException {
    long previous = -1;
    int line = 0;
    try (MappingIterator<JsonNode> changes =
        json.readerFor(JsonNode.class).readValues(plaintext.toFile())) {
      while (changes.hasNextValue()) {
        JsonNode change = changes.nextValue();
        line++;
        if (!change.isObject() || !change.path("sequence").canConvertToLong()) {
          return "change segment line " + line + " is not a change with a sequence";
        }
        long sequence = change.path("sequence").asLong();
        if (sequence <= previous) {
          return "change segment line "
              + line
              + " has sequence "
              + sequence
              + " after "
              + previous
              + ": sequences must increase";
        }
        previous = sequence;
      }
    }
    return line == 0 ? "the change segment holds no change" : null;
  }

  private VerificationCheck verifyCopy(BackupStore target, String targetId, ManifestDocument m) {
    Path sealedCopy = null;
    Path plaintext = null;
    try {
      Files.createDirectories(workDir);
      String artifactKey = m.artifactKey();
      // The checksum first, on the stored bytes, exactly as a restore would read them.
      sealedCopy = Files.createTempFile(workDir, "replica-", ".gvx");
      String actual;
      try (InputStream in = target.open(artifactKey)) {
        MessageDigest sha256 = sha256();
        try (DigestInputStream digesting = new DigestInputStream(in, sha256)) {
          Files.copy(digesting, sealedCopy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        actual = HexFormat.of().formatHex(sha256.digest());
      } catch (BackupStoreException e) {
        return fail("read-back", targetId, artifactKey + " cannot be read: " + message(e));
      }
      if (!actual.equals(m.sha256())) {
        return fail(
            "checksum",
            targetId,
            artifactKey
                + " has SHA-256 "
                + actual
                + " but the manifest says "
                + m.sha256()
                + ": this replica is damaged");
      }
      // Newest key object first: after a key rotation the manifest's version may be retired.
      List<WrappedDataKey> wrapped;
      try {
        wrapped = WrappedKeyObjects.newestFirst(target, m);
      } catch (BackupStoreException e) {
        return fail(
            "decrypt",
            targetId,
            "wrapped data key " + m.wrappedKeyKey() + " cannot be read: " + message(e));
      }
      EncryptionContext context =
          new EncryptionContext(m.gatewayId(), m.environment(), m.artifactId());
      plaintext = workDir.resolve("restore-test-" + UUID.randomUUID() + ".json");
      SealedSizes sizes;
      try (InputStream sealed = Files.newInputStream(sealedCopy)) {
        sizes = unsealer.unsealToFile(sealed, plaintext, wrapped, context);
      } catch (WrongKeyException | ArtifactTamperedException e) {
        return fail("decrypt", targetId, e.getMessage());
      }
      if (sizes.plaintextBytes() != m.plaintextSize()) {
        return fail(
            "decrypt",
            targetId,
            "unsealed "
                + sizes.plaintextBytes()
                + " bytes but the manifest says "
                + m.plaintextSize());
      }
      try {
        if (m.kind() == ArtifactKind.CHANGE_SEGMENT) {
          String problem = changeSegmentProblem(plaintext);
          if (problem != null) {
            return fail("parse", targetId, problem);
          }
        } else {
          json.readTree(plaintext.toFile());
        }
      } catch (JsonProcessingException e) {
        return fail(
            "parse",
            targetId,
            (m.kind() == ArtifactKind.CHANGE_SEGMENT
                    ? "the change segment is not JSON lines: "
                    : "the snapshot document is not valid JSON: ")
                + e.getOriginalMessage());
      }
      return new VerificationCheck(
          PASSED,
          targetId,
          true,
          "SHA-256 "
              + actual
              + " matches; data key unwrapped with "
              + keyringReference.describe()
              + "; "
              + sizes.segments()
              + " segments authenticated; "
              + sizes.plaintextBytes()
              + "-byte snapshot document parsed as JSON");
    } catch (IOException | RuntimeException e) {
      return fail("read-back", targetId, message(e));
    } finally {
      deleteQuietly(sealedCopy);
      deleteQuietly(plaintext);
    }
  }

  /** The manifest of {@code artifactId} on {@code target}, found by its layout key. */
  static Optional<ManifestDocument> findManifest(BackupStore target, String artifactId) {
    for (String key : target.list(RepositoryLayout.versionPrefix())) {
      RepositoryObject object;
      try {
        object = RepositoryLayout.parse(key);
      } catch (RuntimeException notOurs) {
        continue;
      }
      if (object instanceof RepositoryObject.Manifest manifest
          && manifest.artifactId().equals(artifactId)) {
        return Optional.of(ManifestDocument.fromJson(target.get(key), target.location(key)));
      }
    }
    return Optional.empty();
  }

  private static VerificationCheck fail(String check, String targetId, String reason) {
    return new VerificationCheck(check, targetId, false, reason);
  }

  private static String message(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static void deleteQuietly(Path path) {
    if (path != null) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException ignored) {
        // A leftover temporary file is cleaned with the work directory; not worth failing for.
      }
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("This JVM provides no SHA-256 MessageDigest", e);
    }
  }
}

package io.gatevault.crypto.erasure;

import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.event.KeyReference;
import io.gatevault.core.event.StorageMedium;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.ManifestDocument;
import io.gatevault.core.storage.RepositoryLayout;
import io.gatevault.core.storage.TargetDescription;
import io.gatevault.crypto.EncryptionContext;
import io.gatevault.crypto.EnvelopeSealer;
import io.gatevault.crypto.KeystoreGenerator;
import io.gatevault.crypto.KeystoreLoader;
import io.gatevault.crypto.KeystoreSettings;
import io.gatevault.crypto.RawAesKeyring;
import io.gatevault.crypto.SealedBytes;
import io.gatevault.storage.FilesystemBackupStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Times {@code gdpr erase} over three real folders (docs/gdpr.md, "Tests and numbers"): 40 backups,
 * every second one holding the subject, with configurations of 2 and 5,000 basic-auth accounts; a
 * dry run, the erasure with its re-scan, and a second run. A plain main, not a test: timing in unit
 * tests is noise.
 */
public final class ErasureBenchmark {

  private final Path dir;

  private ErasureBenchmark(Path dir) {
    this.dir = dir;
  }

  public static void main(String[] args) throws java.io.IOException {
    Path dir = java.nio.file.Files.createTempDirectory("gatevault-erasure-bench");
    try {
      for (int users : new int[] {2, 5000}) {
        new ErasureBenchmark(dir).run(40, users);
      }
    } finally {
      try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
      }
    }
  }

  void run(int artifacts, int users) {
    Path base = dir.resolve("u" + users);
    List<BackupStore> targets = new ArrayList<>();
    for (String id : List.of("a", "b", "c")) {
      targets.add(
          new FilesystemBackupStore(
              new TargetDescription(id, StorageMedium.FILESYSTEM, "x", false, false),
              base.resolve(id)));
    }
    Path ks = base.resolve("k.p12");
    String pw = "correct horse battery staple";
    new KeystoreGenerator().create(ks, pw.toCharArray(), "kek");
    RawAesKeyring keyring =
        new KeystoreLoader(Map.of("E", pw)::get)
            .loadKeyring(new KeystoreSettings(ks, "E", null, "kek", 1));
    List<String> names = new ArrayList<>();
    names.add("alice");
    for (int i = 0; i < users; i++) names.add("user" + i);
    long bytes = 0;
    for (int i = 0; i < artifacts; i++) {
      String id = String.format("0198c4a2-0000-0000-0000-%012d", i);
      byte[] doc =
          SubjectEraserTest.caddy(i % 2 == 0 ? names : names.subList(1, names.size()), "" + i);
      bytes = doc.length;
      SealedBytes sealed =
          new EnvelopeSealer(keyring).seal(doc, new EncryptionContext("caddy-shop", "test", id));
      ManifestDocument m =
          new ManifestDocument(
              1,
              id,
              "caddy-shop",
              "test",
              "caddy-shop-" + i + "-full.json",
              ArtifactKind.SNAPSHOT,
              1,
              EnvelopeSealer.CIPHER,
              new KeyReference(
                  "local-keystore",
                  "kek",
                  1,
                  RepositoryLayout.wrappedKey("test", "caddy-shop", id, 1)),
              sealed.envelope().plaintextSize(),
              sealed.envelope().ciphertextSize(),
              sealed.envelope().ciphertextSha256(),
              0,
              "daily",
              Map.of(),
              null,
              Instant.parse("2026-11-26T10:00:00Z").plusSeconds(i));
      for (BackupStore t : targets) {
        t.put(m.artifactKey(), sealed.ciphertext());
        t.put(m.wrappedKeyKey(), sealed.envelope().wrappedDataKey().bytes());
        t.put(m.manifestKey(), m.toJson());
      }
    }
    long t0 = System.nanoTime();
    ErasureReport dry =
        new SubjectEraser()
            .erase(
                new ErasureRequest(
                    targets,
                    keyring,
                    "alice",
                    "me",
                    "r",
                    true,
                    ObjectRetention.NONE,
                    base.resolve("w"),
                    null));
    long t1 = System.nanoTime();
    ErasureReport r =
        new SubjectEraser()
            .erase(
                new ErasureRequest(
                    targets,
                    keyring,
                    "alice",
                    "me",
                    "r",
                    false,
                    ObjectRetention.NONE,
                    base.resolve("w"),
                    null));
    long t2 = System.nanoTime();
    ErasureReport again =
        new SubjectEraser()
            .erase(
                new ErasureRequest(
                    targets,
                    keyring,
                    "alice",
                    "me",
                    "r",
                    false,
                    ObjectRetention.NONE,
                    base.resolve("w"),
                    null));
    long t3 = System.nanoTime();
    System.out.printf(
        "TIMING artifacts=%d docBytes=%d erased=%d checked=%d rescan=%d complete=%s dry=%d ms erase=%d ms second=%d ms%n",
        artifacts,
        bytes,
        r.artifacts().size(),
        r.checked().size(),
        r.rescan().size(),
        r.complete(),
        (t1 - t0) / 1_000_000,
        (t2 - t1) / 1_000_000,
        (t3 - t2) / 1_000_000);
  }
}

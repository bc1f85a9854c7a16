package io.gatevault.replicate.adapter;

import io.gatevault.core.storage.ManifestDocument;
import io.gatevault.core.storage.ObjectKeySyntax;
import io.gatevault.replicate.application.ChunkStaging;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Stages artifacts in a local folder: {@code <dir>/<artifactId>/chunk-<index>-of-<count>}, {@code
 * manifest.json}, {@code wrapped.key} and, once replication started, {@code pending-targets} (one
 * target id a line), each written to a temporary file and renamed into place, so a crash leaves
 * whole files or none.
 */
public final class FilesystemChunkStaging implements ChunkStaging {

  private static final Pattern CHUNK = Pattern.compile("chunk-(\\d{6})-of-(\\d{6})");
  private static final String MANIFEST = "manifest.json";
  private static final String WRAPPED_KEY = "wrapped.key";
  private static final String PENDING_TARGETS = "pending-targets";
  // Artifact ids never start with a dot (ObjectKeySyntax), so this cannot clash with one.
  private static final String REPLICATED = ".replicated";

  private final Path dir;

  public FilesystemChunkStaging(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(this.dir);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create the staging folder "
              + this.dir
              + " (gatevault.replicate.staging-dir): "
              + e,
          e);
    }
  }

  @Override
  public void stageChunk(String artifactId, int index, int count, byte[] ciphertext) {
    write(folder(artifactId), String.format("chunk-%06d-of-%06d", index, count), ciphertext);
  }

  @Override
  public void stageManifest(String artifactId, ManifestDocument manifest, byte[] wrappedDataKey) {
    Path folder = folder(artifactId);
    if (wrappedDataKey != null) {
      write(folder, WRAPPED_KEY, wrappedDataKey);
    }
    write(folder, MANIFEST, manifest.toJson());
  }

  @Override
  public Optional<StagedArtifact> complete(String artifactId) {
    Path folder = folder(artifactId);
    Path manifestFile = folder.resolve(MANIFEST);
    if (!Files.isRegularFile(manifestFile)) {
      return Optional.empty();
    }
    TreeMap<Integer, Path> chunks = new TreeMap<>();
    Integer count = null;
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Matcher matcher = CHUNK.matcher(file.getFileName().toString());
        if (matcher.matches()) {
          int chunkCount = Integer.parseInt(matcher.group(2));
          if (count != null && count != chunkCount) {
            throw new IllegalArgumentException(
                "artifact "
                    + artifactId
                    + " has chunks announcing "
                    + count
                    + " and "
                    + chunkCount
                    + " chunks in all; its chunks contradict each other");
          }
          count = chunkCount;
          chunks.put(Integer.parseInt(matcher.group(1)), file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("listing staged artifact " + folder + " failed", e);
    }
    if (count == null || chunks.size() != count) {
      return Optional.empty();
    }
    try {
      ManifestDocument manifest =
          ManifestDocument.fromJson(Files.readAllBytes(manifestFile), manifestFile.toString());
      Path keyFile = folder.resolve(WRAPPED_KEY);
      byte[] wrappedKey = Files.isRegularFile(keyFile) ? Files.readAllBytes(keyFile) : null;
      List<Path> ordered = new ArrayList<>(chunks.values());
      return Optional.of(new Staged(manifest, wrappedKey, ordered));
    } catch (IOException e) {
      throw new UncheckedIOException("reading staged artifact " + folder + " failed", e);
    }
  }

  @Override
  public void recordPendingTargets(String artifactId, Set<String> targetIds) {
    String lines = targetIds.stream().map(id -> id + "\n").reduce("", String::concat);
    writeQuietly(folder(artifactId), PENDING_TARGETS, lines.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public Optional<Set<String>> pendingTargets(String artifactId) {
    Path file = folder(artifactId).resolve(PENDING_TARGETS);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      Set<String> targets = new LinkedHashSet<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          targets.add(line.strip());
        }
      }
      return Optional.of(targets);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file + " failed: " + e, e);
    }
  }

  @Override
  public List<String> artifactsWithPendingTargets() {
    List<Path> pending = new ArrayList<>();
    try (Stream<Path> folders = Files.list(dir)) {
      for (Path folder : (Iterable<Path>) folders::iterator) {
        if (Files.isRegularFile(folder.resolve(PENDING_TARGETS))) {
          pending.add(folder);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("listing the staging folder " + dir + " failed", e);
    }
    pending.sort(Comparator.comparing(FilesystemChunkStaging::modified));
    return pending.stream().map(folder -> folder.getFileName().toString()).toList();
  }

  @Override
  public void markReplicated(String artifactId) {
    Path marker =
        dir.resolve(REPLICATED).resolve(ObjectKeySyntax.checkSegment(artifactId, "artifactId"));
    try {
      Files.createDirectories(marker.getParent());
      if (!Files.exists(marker)) {
        Files.createFile(marker);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("recording " + marker + " failed: " + e, e);
    }
  }

  @Override
  public boolean wasReplicated(String artifactId) {
    return Files.exists(
        dir.resolve(REPLICATED).resolve(ObjectKeySyntax.checkSegment(artifactId, "artifactId")));
  }

  @Override
  public void discard(String artifactId) {
    deleteTree(folder(artifactId));
  }

  @Override
  public int discardOlderThan(Instant cutoff) {
    int discarded = 0;
    Path replicated = dir.resolve(REPLICATED);
    if (Files.isDirectory(replicated)) {
      try (Stream<Path> markers = Files.list(replicated)) {
        for (Path marker : (Iterable<Path>) markers::iterator) {
          if (Files.getLastModifiedTime(marker).compareTo(FileTime.from(cutoff)) < 0) {
            Files.deleteIfExists(marker);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cleaning " + replicated + " failed", e);
      }
    }
    try (Stream<Path> folders = Files.list(dir)) {
      for (Path folder : (Iterable<Path>) folders::iterator) {
        if (Files.isDirectory(folder)
            && !folder.equals(replicated)
            && !Files.exists(folder.resolve(PENDING_TARGETS))
            && Files.getLastModifiedTime(folder).compareTo(FileTime.from(cutoff)) < 0) {
          deleteTree(folder);
          discarded++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cleaning the staging folder " + dir + " failed", e);
    }
    return discarded;
  }

  private Path folder(String artifactId) {
    return dir.resolve(ObjectKeySyntax.checkSegment(artifactId, "artifactId"));
  }

  private static FileTime modified(Path folder) {
    try {
      return Files.getLastModifiedTime(folder);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  /** Like {@link #write} but keeps the folder's time: progress is not a new arrival. */
  private static void writeQuietly(Path folder, String name, byte[] bytes) {
    try {
      FileTime touched = Files.getLastModifiedTime(folder);
      write(folder, name, bytes);
      Files.setLastModifiedTime(folder, touched);
    } catch (IOException e) {
      throw new UncheckedIOException("staging " + folder.resolve(name) + " failed: " + e, e);
    }
  }

  private static void write(Path folder, String name, byte[] bytes) {
    Path target = folder.resolve(name);
    try {
      Files.createDirectories(folder);
      Path temp = Files.createTempFile(folder, ".staging-", ".tmp");
      try {
        // One force after the whole file, not a synchronous write per 8 KiB buffer (SYNC): the
        // same durability before the rename, a fraction of the disk flushes.
        try (FileChannel channel =
            FileChannel.open(
                temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
          ByteBuffer buffer = ByteBuffer.wrap(bytes);
          while (buffer.hasRemaining()) {
            channel.write(buffer);
          }
          channel.force(true);
        }
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temp);
      }
      // Touch the folder so expiry counts from the latest arrival.
      Files.setLastModifiedTime(folder, FileTime.from(Instant.now()));
    } catch (IOException e) {
      throw new UncheckedIOException("staging " + target + " failed: " + e, e);
    }
  }

  private static void deleteTree(Path folder) {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (NoSuchFileException e) {
      // Already gone.
    } catch (IOException e) {
      throw new UncheckedIOException("discarding staged artifact " + folder + " failed", e);
    }
  }

  private record Staged(ManifestDocument manifest, byte[] wrappedDataKey, List<Path> chunks)
      implements StagedArtifact {

    @Override
    public InputStream openCiphertext() {
      List<InputStream> streams = new ArrayList<>();
      try {
        for (Path chunk : chunks) {
          streams.add(Files.newInputStream(chunk));
        }
      } catch (IOException e) {
        streams.forEach(
            stream -> {
              try {
                stream.close();
              } catch (IOException ignored) {
                // Closing after a failed open; the open failure is what matters.
              }
            });
        throw new UncheckedIOException("opening staged chunks failed: " + e, e);
      }
      Enumeration<InputStream> sequence = Collections.enumeration(streams);
      return new SequenceInputStream(sequence);
    }
  }
}

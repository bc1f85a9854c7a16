package io.gatevault.storage;

import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.ChecksumMismatchException;
import io.gatevault.core.storage.InvalidObjectKeyException;
import io.gatevault.core.storage.ObjectConflictException;
import io.gatevault.core.storage.ObjectKeySyntax;
import io.gatevault.core.storage.ObjectNotFoundException;
import io.gatevault.core.storage.ObjectStat;
import io.gatevault.core.storage.Sha256;
import io.gatevault.core.storage.StorageUnavailableException;
import io.gatevault.core.storage.TargetDescription;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A backup target in a folder (a local disk, a mounted network share, removable media).
 *
 * <p>A write goes to a hidden temporary file in the object's own folder, is hashed while written,
 * forced to the medium, checked against the expected SHA-256, and then published under its key with
 * a hard link, which fails if the key already exists: so an object appears complete or not at all,
 * and a second writer can never replace it. Where hard links are not supported the file is moved
 * atomically instead. The folder is then forced too, so the new name survives a power cut.
 *
 * <p>Keys are checked with {@link ObjectKeySyntax} and resolved strictly inside the root: path
 * traversal is refused.
 */
public final class FilesystemBackupStore implements BackupStore {

  private static final String TEMP_PREFIX = ".gv-";
  private static final String TEMP_SUFFIX = ".tmp";
  private static final int BUFFER = 256 * 1024;

  private final TargetDescription description;
  private final Path root;

  /**
   * @param root the target's folder; created when missing
   * @throws StorageUnavailableException when the folder cannot be created
   */
  public FilesystemBackupStore(TargetDescription description, Path root) {
    this.description = description;
    this.root = root.toAbsolutePath().normalize();
    try {
      Files.createDirectories(this.root);
    } catch (IOException e) {
      throw new StorageUnavailableException(
          description.targetId(),
          null,
          "cannot create the target folder " + this.root + ": " + e,
          e);
    }
  }

  @Override
  public TargetDescription describe() {
    return description;
  }

  /** The target's folder. */
  public Path root() {
    return root;
  }

  @Override
  public ObjectStat put(String key, InputStream source, String expectedSha256) {
    Path target = resolve(key);
    try {
      Sha256.requireHex(expectedSha256, "expectedSha256");
    } catch (IllegalArgumentException e) {
      throw new InvalidObjectKeyException(targetId(), key, e.getMessage());
    }
    Optional<ObjectStat> existing = stat(key);
    if (existing.isPresent()) {
      return sameOrConflict(key, existing.get(), expectedSha256);
    }
    Path temp = null;
    try {
      Files.createDirectories(target.getParent());
      temp = target.resolveSibling(TEMP_PREFIX + UUID.randomUUID() + TEMP_SUFFIX);
      MessageDigest digest = Sha256.newDigest();
      long size;
      try (FileChannel channel =
              FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          OutputStream out =
              new DigestOutputStream(
                  new java.io.BufferedOutputStream(Channels.newOutputStream(channel), BUFFER),
                  digest)) {
        size = source.transferTo(out);
        out.flush();
        channel.force(true);
      }
      String actual = Sha256.hex(digest);
      if (!actual.equals(expectedSha256)) {
        throw new ChecksumMismatchException(targetId(), key, expectedSha256, actual);
      }
      if (!publish(temp, target)) {
        // Another writer published the key between our check and our publish.
        return sameOrConflict(key, stat(key).orElseThrow(), expectedSha256);
      }
      forceDirectory(target.getParent());
      return new ObjectStat(key, size, actual);
    } catch (IOException e) {
      throw new StorageUnavailableException(
          targetId(), key, "writing " + target + " failed: " + e, e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // A leftover hidden temp file is harmless: listings skip it and it is never a key.
        }
      }
    }
  }

  /** Links {@code temp} as {@code target}; false when {@code target} already exists. */
  private static boolean publish(Path temp, Path target) throws IOException {
    try {
      Files.createLink(target, temp);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (UnsupportedOperationException | FileSystemException e) {
      if (e instanceof FileSystemException && Files.exists(target)) {
        return false;
      }
      // No hard links here (some network and removable filesystems): an atomic rename still makes
      // the object appear whole; the existence check before the write guards against replacing.
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        return true;
      } catch (FileAlreadyExistsException exists) {
        return false;
      }
    }
  }

  private ObjectStat sameOrConflict(String key, ObjectStat stored, String offeredSha256) {
    if (stored.sha256().equals(offeredSha256)) {
      return stored;
    }
    throw new ObjectConflictException(targetId(), key, stored.sha256(), offeredSha256);
  }

  @Override
  public InputStream open(String key) {
    Path path = resolve(key);
    try {
      return Files.newInputStream(path);
    } catch (NoSuchFileException e) {
      throw new ObjectNotFoundException(targetId(), key, path.toString());
    } catch (IOException e) {
      throw new StorageUnavailableException(
          targetId(), key, "reading " + path + " failed: " + e, e);
    }
  }

  @Override
  public boolean exists(String key) {
    return Files.isRegularFile(resolve(key));
  }

  @Override
  public Optional<ObjectStat> stat(String key) {
    Path path = resolve(key);
    if (!Files.isRegularFile(path)) {
      return Optional.empty();
    }
    MessageDigest digest = Sha256.newDigest();
    long size = 0;
    byte[] buffer = new byte[BUFFER];
    try (InputStream in = Files.newInputStream(path)) {
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        digest.update(buffer, 0, read);
        size += read;
      }
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StorageUnavailableException(
          targetId(), key, "reading " + path + " failed: " + e, e);
    }
    return Optional.of(new ObjectStat(key, size, Sha256.hex(digest)));
  }

  @Override
  public List<String> list(String prefix) {
    if (prefix == null) {
      throw new InvalidObjectKeyException(targetId(), null, "list prefix must not be null");
    }
    int slash = prefix.lastIndexOf('/');
    String folderKey = slash < 0 ? "" : prefix.substring(0, slash);
    if (!folderKey.isEmpty()) {
      String problem = ObjectKeySyntax.problemWith(folderKey);
      if (problem != null) {
        throw new InvalidObjectKeyException(targetId(), prefix, problem);
      }
    }
    Path folder = folderKey.isEmpty() ? root : resolve(folderKey);
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    List<String> keys = new ArrayList<>();
    try (Stream<Path> files = Files.walk(folder)) {
      files
          .filter(Files::isRegularFile)
          .filter(path -> !path.getFileName().toString().startsWith("."))
          .map(path -> root.relativize(path).toString().replace(java.io.File.separatorChar, '/'))
          .filter(key -> key.startsWith(prefix))
          .filter(key -> ObjectKeySyntax.problemWith(key) == null)
          .forEach(keys::add);
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new StorageUnavailableException(
          targetId(), prefix, "listing " + folder + " failed: " + e, e);
    }
    keys.sort(null);
    return keys;
  }

  @Override
  public boolean delete(String key) {
    Path path = resolve(key);
    try {
      return Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new StorageUnavailableException(
          targetId(), key, "deleting " + path + " failed: " + e, e);
    }
  }

  @Override
  public String location(String key) {
    return resolve(key).toUri().toString();
  }

  @Override
  public String toString() {
    return "FilesystemBackupStore[" + targetId() + " at " + root + "]";
  }

  private String targetId() {
    return description.targetId();
  }

  private Path resolve(String key) {
    String problem = ObjectKeySyntax.problemWith(key);
    if (problem != null) {
      throw new InvalidObjectKeyException(targetId(), key, problem);
    }
    Path path = root.resolve(key).normalize();
    if (!path.startsWith(root) || path.equals(root)) {
      throw new InvalidObjectKeyException(
          targetId(), key, "it resolves to " + path + ", outside the target folder " + root);
    }
    return path;
  }

  /** Makes a new directory entry durable; not every platform can open a folder, which is fine. */
  private static void forceDirectory(Path folder) {
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Windows cannot open a directory as a channel; its rename is durable on its own.
    }
  }
}

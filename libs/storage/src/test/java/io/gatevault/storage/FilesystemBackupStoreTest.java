package io.gatevault.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.ChecksumMismatchException;
import io.gatevault.core.storage.ObjectConflictException;
import io.gatevault.core.storage.RepositoryLayout;
import io.gatevault.core.storage.Sha256;
import io.gatevault.core.storage.TargetDescription;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on a real folder, plus what only a folder can show. */
class FilesystemBackupStoreTest extends BackupStoreContract {

  @TempDir Path folder;

  @Override
  protected BackupStore newStore(TargetDescription description) {
    return new FilesystemBackupStore(description, folder.resolve("target"));
  }

  private Path root() {
    return ((FilesystemBackupStore) store).root();
  }

  @Test
  void objectsLandAtTheirLayoutPathUnderTheRoot() {
    String key = RepositoryLayout.manifest("prod", "caddy-1", "art-1");
    store.put(key, "{}".getBytes(StandardCharsets.UTF_8));
    assertThat(root().resolve("v1/prod/caddy-1/manifests/art-1.json")).hasContent("{}");
    assertThat(store.location(key))
        .isEqualTo(root().resolve("v1/prod/caddy-1/manifests/art-1.json").toUri().toString());
  }

  @Test
  void aFailedWriteLeavesNoFileBehind() throws IOException {
    String key = RepositoryLayout.manifest("prod", "caddy-1", "art-1");
    byte[] bytes = "x".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> store.put(key, new ByteArrayInputStream(bytes), "0".repeat(64)))
        .isInstanceOf(ChecksumMismatchException.class);
    try (Stream<Path> files = Files.walk(root())) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void aSourceThatFailsMidwayLeavesNoObjectAndNamesTargetAndPath() {
    String key = RepositoryLayout.manifest("prod", "caddy-1", "art-1");
    InputStream failing =
        new InputStream() {
          int served;

          @Override
          public int read() throws IOException {
            if (served++ > 1000) {
              throw new IOException("connection reset");
            }
            return 7;
          }
        };
    assertThatThrownBy(() -> store.put(key, failing, "0".repeat(64)))
        .hasMessageContaining("contract-target")
        .hasMessageContaining("art-1.json")
        .hasMessageContaining("connection reset");
    assertThat(store.exists(key)).isFalse();
    assertThat(store.list("")).isEmpty();
  }

  @Test
  void aFileChangedBehindTheStoresBackIsAConflictNotAnOverwrite() throws IOException {
    String key = RepositoryLayout.manifest("prod", "caddy-1", "art-1");
    Path file = root().resolve(key);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "placed by hand");
    assertThatThrownBy(() -> store.put(key, "{}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ObjectConflictException.class);
    assertThat(file).hasContent("placed by hand");
  }

  @Test
  void leftoverTemporaryFilesAreNeverListed() throws IOException {
    Path temp = root().resolve("v1/prod/caddy-1/manifests/.gv-123.tmp");
    Files.createDirectories(temp.getParent());
    Files.writeString(temp, "half");
    assertThat(store.list("")).isEmpty();
  }

  @Test
  void aSymlinkedRootStillConfinesKeys() throws IOException {
    Path real = Files.createDirectories(folder.resolve("real"));
    Path link = Files.createSymbolicLink(folder.resolve("link"), real);
    FilesystemBackupStore linked = new FilesystemBackupStore(TARGET, link);
    byte[] bytes = {1, 2};
    linked.put("v1/a", new ByteArrayInputStream(bytes), Sha256.hex(bytes));
    assertThat(real.resolve("v1/a")).exists();
  }
}

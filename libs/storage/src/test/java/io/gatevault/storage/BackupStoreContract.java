package io.gatevault.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.core.event.StorageMedium;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.BackupStoreException;
import io.gatevault.core.storage.ChecksumMismatchException;
import io.gatevault.core.storage.InvalidObjectKeyException;
import io.gatevault.core.storage.ObjectConflictException;
import io.gatevault.core.storage.ObjectNotFoundException;
import io.gatevault.core.storage.ObjectStat;
import io.gatevault.core.storage.RepositoryLayout;
import io.gatevault.core.storage.Sha256;
import io.gatevault.core.storage.TargetDescription;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every {@link BackupStore} must do, run against each implementation: extend it and return a
 * fresh, empty store from {@link #newStore(TargetDescription)}. Published in this module's
 * test-jar.
 */
public abstract class BackupStoreContract {

  protected static final TargetDescription TARGET =
      new TargetDescription("contract-target", StorageMedium.FILESYSTEM, "eu-west-1", true, false);

  private static final String KEY =
      RepositoryLayout.snapshot("prod", "caddy-1", "caddy-prod-20250818-1430-full.json");

  protected BackupStore store;

  /** A new, empty store described by {@code description}. */
  protected abstract BackupStore newStore(TargetDescription description) throws Exception;

  @BeforeEach
  void createStore() throws Exception {
    store = newStore(TARGET);
  }

  @Test
  void describesItselfAsConfigured() {
    assertThat(store.describe()).isEqualTo(TARGET);
  }

  @Test
  void anObjectReadsBackExactlyAsWritten() throws Exception {
    byte[] bytes = bytes(10_000, 1);
    ObjectStat stat = store.put(KEY, new ByteArrayInputStream(bytes), Sha256.hex(bytes));
    assertThat(stat).isEqualTo(new ObjectStat(KEY, bytes.length, Sha256.hex(bytes)));
    try (InputStream in = store.open(KEY)) {
      assertThat(in.readAllBytes()).isEqualTo(bytes);
    }
    assertThat(store.get(KEY)).isEqualTo(bytes);
    assertThat(store.exists(KEY)).isTrue();
    assertThat(store.stat(KEY)).contains(stat);
  }

  @Test
  void anEmptyObjectIsAnObject() {
    store.put(KEY, new byte[0]);
    assertThat(store.stat(KEY).orElseThrow().sizeBytes()).isZero();
    assertThat(store.get(KEY)).isEmpty();
  }

  @Test
  void aLargeObjectIsStreamedAndChecked() throws Exception {
    byte[] bytes = bytes(5 * 1024 * 1024 + 17, 2);
    store.put(KEY, new ByteArrayInputStream(bytes), Sha256.hex(bytes));
    assertThat(store.stat(KEY).orElseThrow().sha256()).isEqualTo(Sha256.hex(bytes));
  }

  @Test
  void anObjectWrittenWithItsBackupsTagsReadsBackExactlyAndRewritingItIsANoOp() throws Exception {
    byte[] bytes = bytes(10_000, 3);
    java.util.Map<String, String> tags =
        java.util.Map.of(
            "Environment", "prod",
            "Application", "shop",
            "Owner", "platform-team",
            "BackupDate", "2025-08-18T14:30:00Z",
            "BackupType", "FULL");
    ObjectStat stat =
        store.put(KEY, new ByteArrayInputStream(bytes), bytes.length, Sha256.hex(bytes), tags);
    assertThat(stat).isEqualTo(new ObjectStat(KEY, bytes.length, Sha256.hex(bytes)));
    assertThat(store.get(KEY)).isEqualTo(bytes);
    assertThat(
            store.put(KEY, new ByteArrayInputStream(bytes), bytes.length, Sha256.hex(bytes), tags))
        .isEqualTo(stat);
    byte[] other = bytes(10_000, 4);
    assertThatThrownBy(
            () ->
                store.put(
                    KEY, new ByteArrayInputStream(other), other.length, Sha256.hex(other), tags))
        .isInstanceOf(ObjectConflictException.class);
  }

  @Test
  void writingTheSameBytesAgainIsANoOp() {
    byte[] bytes = "sealed".getBytes(StandardCharsets.UTF_8);
    ObjectStat first = store.put(KEY, bytes);
    ObjectStat second = store.put(KEY, bytes);
    assertThat(second).isEqualTo(first);
    assertThat(store.list("")).containsExactly(KEY);
  }

  @Test
  void writingDifferentBytesToAnExistingKeyIsRefusedAndTheObjectIsUnchanged() {
    byte[] original = "original".getBytes(StandardCharsets.UTF_8);
    byte[] other = "different".getBytes(StandardCharsets.UTF_8);
    store.put(KEY, original);
    assertThatThrownBy(() -> store.put(KEY, other))
        .isInstanceOf(ObjectConflictException.class)
        .hasMessageContaining(TARGET.targetId())
        .hasMessageContaining(KEY)
        .hasMessageContaining("write-once")
        .satisfies(e -> assertThat(((BackupStoreException) e).isRetriable()).isFalse());
    assertThat(store.get(KEY)).isEqualTo(original);
  }

  @Test
  void bytesThatDoNotMatchTheExpectedChecksumAreNotStored() {
    byte[] bytes = "tampered in transit".getBytes(StandardCharsets.UTF_8);
    String expected = Sha256.hex("what was sealed".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> store.put(KEY, new ByteArrayInputStream(bytes), expected))
        .isInstanceOf(ChecksumMismatchException.class)
        .hasMessageContaining(expected)
        .hasMessageContaining(Sha256.hex(bytes))
        .hasMessageContaining(TARGET.targetId());
    assertThat(store.exists(KEY)).isFalse();
    assertThat(store.list("")).isEmpty();
  }

  @Test
  void aMissingObjectIsReportedByNameAndTarget() {
    assertThat(store.exists(KEY)).isFalse();
    assertThat(store.stat(KEY)).isEmpty();
    assertThatThrownBy(() -> store.open(KEY))
        .isInstanceOf(ObjectNotFoundException.class)
        .hasMessageContaining(KEY)
        .hasMessageContaining(TARGET.targetId());
  }

  @Test
  void listingReturnsTheKeysUnderAPrefixSorted() {
    String manifestB = RepositoryLayout.manifest("prod", "caddy-1", "b");
    String manifestA = RepositoryLayout.manifest("prod", "caddy-1", "a");
    String otherGateway = RepositoryLayout.manifest("prod", "caddy-10", "c");
    for (String key : List.of(manifestB, KEY, otherGateway, manifestA)) {
      store.put(key, key.getBytes(StandardCharsets.UTF_8));
    }
    assertThat(store.list(RepositoryLayout.manifestsPrefix("prod", "caddy-1")))
        .containsExactly(manifestA, manifestB);
    assertThat(store.list(RepositoryLayout.gatewayPrefix("prod", "caddy-1")))
        .containsExactly(manifestA, manifestB, KEY);
    assertThat(store.list("v1/prod/caddy-1"))
        .containsExactly(manifestA, manifestB, KEY, otherGateway);
    assertThat(store.list("")).hasSize(4);
    assertThat(store.list("v1/test/")).isEmpty();
  }

  @Test
  void deleteRemovesTheObjectAndReportsWhetherThereWasOne() {
    store.put(KEY, new byte[] {1, 2, 3});
    assertThat(store.delete(KEY)).isTrue();
    assertThat(store.exists(KEY)).isFalse();
    assertThat(store.list("")).isEmpty();
    assertThat(store.delete(KEY)).isFalse();
  }

  @Test
  void aDeletedKeyCanBeWrittenAgain() {
    store.put(KEY, new byte[] {1});
    store.delete(KEY);
    store.put(KEY, new byte[] {2});
    assertThat(store.get(KEY)).containsExactly(2);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../escape",
        "v1/../../escape",
        "/etc/passwd",
        "v1//double",
        "v1/./dot",
        ".hidden",
        "v1/back\\slash",
        ""
      })
  void keysThatCouldLeaveTheTargetAreRefused(String key) {
    assertThatThrownBy(() -> store.put(key, new byte[] {1}))
        .isInstanceOf(InvalidObjectKeyException.class)
        .hasMessageContaining(TARGET.targetId());
    assertThatThrownBy(() -> store.open(key)).isInstanceOf(InvalidObjectKeyException.class);
    assertThatThrownBy(() -> store.delete(key)).isInstanceOf(InvalidObjectKeyException.class);
  }

  @Test
  void concurrentWritersOfTheSameBytesBothSucceedWithOneObject() throws Exception {
    byte[] bytes = bytes(300_000, 3);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<ObjectStat>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Callable<ObjectStat> write =
            () -> store.put(KEY, new ByteArrayInputStream(bytes), Sha256.hex(bytes));
        results.add(pool.submit(write));
      }
      for (Future<ObjectStat> result : results) {
        assertThat(result.get().sha256()).isEqualTo(Sha256.hex(bytes));
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.list("")).containsExactly(KEY);
  }

  @Test
  void concurrentWritersOfDifferentBytesLeaveExactlyOneIntactObject() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<byte[]> contents = new ArrayList<>();
    List<Future<?>> results = new ArrayList<>();
    try {
      for (int i = 0; i < 6; i++) {
        byte[] bytes = bytes(200_000, 10 + i);
        contents.add(bytes);
        results.add(pool.submit(() -> store.put(KEY, bytes)));
      }
      int succeeded = 0;
      for (Future<?> result : results) {
        try {
          result.get();
          succeeded++;
        } catch (java.util.concurrent.ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(ObjectConflictException.class);
        }
      }
      assertThat(succeeded).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    byte[] stored = store.get(KEY);
    assertThat(contents).anySatisfy(bytes -> assertThat(bytes).isEqualTo(stored));
  }

  @Test
  void locationNamesTheObject() {
    store.put(KEY, new byte[] {1});
    assertThat(store.location(KEY)).contains("caddy-prod-20250818-1430-full.json.gvx");
  }

  protected static byte[] bytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}

package io.gatevault.storage.s3;

import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.TargetDescription;
import io.gatevault.storage.BackupStoreContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.s3.S3Client;

/** The BackupStore contract against a real S3-compatible server (S3Proxy on 127.0.0.1). */
class S3BackupStoreContractIT extends BackupStoreContract {

  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private static Path work;
  private static S3ProxyServer server;
  private static S3Client admin;

  @BeforeAll
  static void startServer() throws Exception {
    work = Files.createTempDirectory("gatevault-s3-contract");
    server = S3ProxyServer.start(work);
    admin = server.client();
  }

  @AfterAll
  static void stopServer() {
    if (admin != null) {
      admin.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @AfterEach
  void closeStore() {
    if (store instanceof S3BackupStore s3) {
      s3.close();
    }
  }

  /** A fresh bucket per test, so every test starts from an empty store. */
  @Override
  protected BackupStore newStore(TargetDescription description) {
    String bucket = "contract-" + BUCKETS.incrementAndGet();
    admin.createBucket(b -> b.bucket(bucket));
    return new S3BackupStore(description, server.settings(bucket), server.client());
  }
}

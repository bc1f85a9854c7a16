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
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
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

  /**
   * S3Proxy runs in its own process and its log is deleted with its work folder: print its end when
   * a test fails, so a refusal the client saw only as a broken pipe can be told apart.
   */
  @RegisterExtension
  final TestWatcher s3ProxyLogOnFailure =
      new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
          try {
            String log = server.logText();
            System.err.println(
                "S3Proxy log when "
                    + context.getDisplayName()
                    + " failed (last 8,000 characters):\n"
                    + log.substring(Math.max(0, log.length() - 8000)));
          } catch (java.io.IOException | RuntimeException e) {
            System.err.println("S3Proxy log not readable: " + e);
          }
        }
      };

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

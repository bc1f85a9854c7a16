package io.gatevault.storage.s3;

import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.TargetDescription;
import io.gatevault.storage.BackupStoreContract;
import org.junit.jupiter.api.AfterEach;

/**
 * The BackupStore contract against a real AWS S3 bucket, each test in its own prefix. Opt-in: runs
 * only with {@code GATEVAULT_TEST_S3_BUCKET} and AWS credentials set, skipped (with the reason)
 * otherwise.
 */
class S3BackupStoreAwsContractIT extends BackupStoreContract {

  @Override
  protected BackupStore newStore(TargetDescription description) {
    RealAwsBucket.assumeConfigured();
    return new S3BackupStore(
        description, RealAwsBucket.settings(RealAwsBucket.BUCKET), RealAwsBucket.client());
  }

  @AfterEach
  void removeObjects() {
    if (store != null) {
      store.list("").forEach(store::delete);
      ((S3BackupStore) store).close();
    }
  }
}

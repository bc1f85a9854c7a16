package io.gatevault.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.core.event.StorageMedium;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.TargetDescription;
import io.gatevault.storage.s3.S3BackupStore;
import io.gatevault.storage.s3.S3TargetSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageTargetsTest {

  @TempDir Path folder;

  private StorageTargetSettings target(String id, StorageMedium medium, boolean offSite) {
    return new StorageTargetSettings(
        id, "filesystem", folder.resolve(id).toString(), medium, "eu-west-1", offSite, false, null);
  }

  @Test
  void threeTargetsOnTwoMediaWithOneOffSiteAreAccepted() {
    StorageTargets targets =
        StorageTargets.from(
            new StorageSettings(
                List.of(
                    target("disk-a", StorageMedium.FILESYSTEM, false),
                    target("disk-b", StorageMedium.FILESYSTEM, false),
                    target("usb", StorageMedium.REMOVABLE_MEDIA, true))));
    assertThat(targets.all()).hasSize(3);
    assertThat(targets.byId("usb").orElseThrow().describe().offSite()).isTrue();
    assertThat(folder.resolve("disk-a")).isDirectory();
  }

  @Test
  void twoTargetsBreakTheRuleAndTheMessageGivesTheNumbers() {
    assertThatThrownBy(
            () ->
                StorageTargets.from(
                    new StorageSettings(
                        List.of(
                            target("disk-a", StorageMedium.FILESYSTEM, false),
                            target("usb", StorageMedium.REMOVABLE_MEDIA, true)))))
        .isInstanceOf(InvalidStorageConfigurationException.class)
        .hasMessageContaining("3-2-1 rule needs at least 3 targets")
        .hasMessageContaining("found 2");
  }

  @Test
  void oneMediumAndNoOffSiteAreBothReportedAtOnce() {
    InvalidStorageConfigurationException error =
        catchInvalid(
            new StorageSettings(
                List.of(
                    target("a", StorageMedium.FILESYSTEM, false),
                    target("b", StorageMedium.FILESYSTEM, false),
                    target("c", StorageMedium.FILESYSTEM, false))));
    assertThat(error.problems())
        .hasSize(2)
        .anyMatch(p -> p.contains("at least 2 different media") && p.contains("found 1"))
        .anyMatch(p -> p.contains("at least 1 off-site") && p.contains("found 0"));
  }

  @Test
  void noTargetsAtAllIsRefused() {
    assertThat(catchInvalid(new StorageSettings(null)).problems())
        .anyMatch(p -> p.contains("found 0"));
  }

  @Test
  void nestedAndSharedPathsAreRefused() {
    StorageTargetSettings outer = target("outer", StorageMedium.FILESYSTEM, false);
    StorageTargetSettings inner =
        new StorageTargetSettings(
            "inner",
            null,
            folder.resolve("outer/inside").toString(),
            StorageMedium.REMOVABLE_MEDIA,
            "eu",
            true,
            false,
            null);
    StorageTargetSettings same =
        new StorageTargetSettings(
            "same",
            null,
            folder.resolve("outer/../outer").toString(),
            StorageMedium.FILESYSTEM,
            "eu",
            false,
            false,
            null);
    assertThat(catchInvalid(new StorageSettings(List.of(outer, inner, same))).problems())
        .anyMatch(p -> p.contains("'outer' and 'inner' are nested"))
        .anyMatch(p -> p.contains("'outer' and 'same' share the path"));
  }

  @Test
  void missingFieldsAreNamedWithTheirSetting() {
    StorageTargetSettings broken =
        new StorageTargetSettings(null, "tape", null, null, " ", false, false, null);
    assertThat(
            catchInvalid(
                    new StorageSettings(
                        List.of(
                            broken,
                            target("b", StorageMedium.FILESYSTEM, false),
                            target("b", StorageMedium.REMOVABLE_MEDIA, true))))
                .problems())
        .contains(
            "gatevault.storage.targets[0].id is required (a unique name, e.g. disk-a)",
            "gatevault.storage.targets[0].type 'tape' is not supported; use type: filesystem or s3",
            "gatevault.storage.targets[0].path is required (the target's folder)",
            "gatevault.storage.targets[0].region is required (a region or site, e.g. eu-west-1 or"
                + " site-b)",
            "gatevault.storage.targets[2].id 'b' is used by another target; ids must be unique")
        .anyMatch(p -> p.startsWith("gatevault.storage.targets[0].medium is required"));
  }

  private StorageTargetSettings s3Target(String id, S3TargetSettings s3) {
    return new StorageTargetSettings(id, "s3", null, null, null, true, false, s3);
  }

  private static final Map<String, String> ENVIRONMENT =
      Map.of("GV_S3_KEY", "AKIAEXAMPLE", "GV_S3_SECRET", "secret");

  @Test
  void anS3TargetIsAnObjectStoreInItsBucketsRegionByDefault() {
    StorageTargets targets =
        StorageTargets.from(
            new StorageSettings(
                List.of(
                    target("disk-a", StorageMedium.FILESYSTEM, false),
                    target("disk-b", StorageMedium.FILESYSTEM, false),
                    s3Target(
                        "s3-offsite",
                        new S3TargetSettings(
                            "gatevault-backups",
                            "site-a",
                            "eu-central-1",
                            "http://127.0.0.1:9000",
                            true,
                            "DEEP_ARCHIVE",
                            null,
                            "COMPLIANCE",
                            30,
                            null,
                            "GV_S3_KEY",
                            "GV_S3_SECRET")))),
            ENVIRONMENT::get);
    BackupStore s3 = targets.byId("s3-offsite").orElseThrow();
    assertThat(s3).isInstanceOf(S3BackupStore.class);
    assertThat(s3.describe())
        .isEqualTo(
            new TargetDescription(
                "s3-offsite", StorageMedium.OBJECT_STORE, "eu-central-1", true, false));
    assertThat(s3.location("v1/a")).isEqualTo("s3://gatevault-backups/site-a/v1/a");
  }

  @Test
  void everyBrokenS3SettingIsNamed() {
    S3TargetSettings broken =
        new S3TargetSettings(
            "Not_A_Bucket",
            "../up",
            null,
            "ftp://somewhere",
            false,
            "COLD_STORAGE",
            null,
            "FOREVER",
            null,
            "ops",
            "GV_MISSING_KEY",
            "GV_S3_SECRET");
    List<String> problems =
        catchInvalid(
                new StorageSettings(
                    List.of(
                        s3Target("s3", broken),
                        s3Target("no-bucket-settings", null),
                        target("disk", StorageMedium.FILESYSTEM, false))),
                ENVIRONMENT::get)
            .problems();
    String at = "gatevault.storage.targets[0].s3";
    assertThat(problems)
        .anyMatch(p -> p.startsWith(at + ".bucket 'Not_A_Bucket' is not a valid bucket name"))
        .anyMatch(p -> p.startsWith(at + ".region is required"))
        .anyMatch(p -> p.startsWith(at + ".prefix '../up' is invalid"))
        .anyMatch(p -> p.startsWith(at + ".endpoint 'ftp://somewhere' must be an http(s) URL"))
        .anyMatch(p -> p.startsWith(at + ".storage-class 'COLD_STORAGE' is unknown"))
        .anyMatch(p -> p.startsWith(at + ".object-lock-mode 'FOREVER' is unknown"))
        .anyMatch(p -> p.startsWith(at + ".object-lock-mode and " + at + ".object-lock-days"))
        .anyMatch(p -> p.startsWith(at + ".credentials-profile and " + at + ".access-key-env"))
        .anyMatch(
            p ->
                p.startsWith("gatevault.storage.targets[1].s3 is required for a target of type s3"))
        .anyMatch(p -> p.startsWith("gatevault.storage.targets[1].region is required"));
  }

  @Test
  void aMissingCredentialsEnvironmentVariableIsNamed() {
    S3TargetSettings settings =
        new S3TargetSettings(
            "gatevault-backups",
            null,
            "eu-west-1",
            null,
            false,
            null,
            null,
            null,
            null,
            null,
            "GV_UNSET_KEY",
            "GV_S3_SECRET");
    assertThat(
            catchInvalid(
                    new StorageSettings(
                        List.of(
                            s3Target("s3", settings),
                            target("a", StorageMedium.FILESYSTEM, false),
                            target("b", StorageMedium.FILESYSTEM, false))),
                    ENVIRONMENT::get)
                .problems())
        .containsExactly(
            "gatevault.storage.targets[0].s3 names the environment variable GV_UNSET_KEY, which is"
                + " not set or empty");
  }

  @Test
  void twoS3TargetsInTheSameBucketAndPrefixAreRefused() {
    S3TargetSettings bucket = S3TargetSettings.of("gatevault-backups", "eu-west-1");
    assertThat(
            catchInvalid(
                    new StorageSettings(
                        List.of(
                            s3Target("s3-a", bucket.withPrefix("copies")),
                            s3Target("s3-b", bucket.withPrefix("copies/nested")),
                            target("disk", StorageMedium.FILESYSTEM, false))),
                    ENVIRONMENT::get)
                .problems())
        .anyMatch(
            p ->
                p.contains("'s3-a' and 's3-b' are nested in bucket 'gatevault-backups'")
                    && p.contains("s3.prefix"));
  }

  private static InvalidStorageConfigurationException catchInvalid(
      StorageSettings settings, java.util.function.Function<String, String> environment) {
    try {
      StorageTargets.from(settings, environment);
    } catch (InvalidStorageConfigurationException e) {
      return e;
    }
    throw new AssertionError("expected the settings to be refused");
  }

  private static InvalidStorageConfigurationException catchInvalid(StorageSettings settings) {
    try {
      StorageTargets.from(settings);
    } catch (InvalidStorageConfigurationException e) {
      return e;
    }
    throw new AssertionError("expected the settings to be refused");
  }
}

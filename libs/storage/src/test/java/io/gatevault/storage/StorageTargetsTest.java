package io.gatevault.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.core.event.StorageMedium;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageTargetsTest {

  @TempDir Path folder;

  private StorageTargetSettings target(String id, StorageMedium medium, boolean offSite) {
    return new StorageTargetSettings(
        id, "filesystem", folder.resolve(id).toString(), medium, "eu-west-1", offSite, false);
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
            false);
    StorageTargetSettings same =
        new StorageTargetSettings(
            "same",
            null,
            folder.resolve("outer/../outer").toString(),
            StorageMedium.FILESYSTEM,
            "eu",
            false,
            false);
    assertThat(catchInvalid(new StorageSettings(List.of(outer, inner, same))).problems())
        .anyMatch(p -> p.contains("'outer' and 'inner' are nested"))
        .anyMatch(p -> p.contains("'outer' and 'same' share the path"));
  }

  @Test
  void missingFieldsAreNamedWithTheirSetting() {
    StorageTargetSettings broken =
        new StorageTargetSettings(null, "s3", null, null, " ", false, false);
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
            "gatevault.storage.targets[0].type 's3' is not supported; use type: filesystem",
            "gatevault.storage.targets[0].path is required (the target's folder)",
            "gatevault.storage.targets[0].region is required (a region or site, e.g. eu-west-1 or"
                + " site-b)",
            "gatevault.storage.targets[2].id 'b' is used by another target; ids must be unique")
        .anyMatch(p -> p.startsWith("gatevault.storage.targets[0].medium is required"));
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

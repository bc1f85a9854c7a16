package io.gatevault.storage;

import io.gatevault.core.event.StorageMedium;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.core.storage.TargetDescription;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The configured backup targets, checked against the 3-2-1 rule: at least {@value #MIN_TARGETS}
 * copies, on at least {@value #MIN_MEDIA} different media, at least {@value #MIN_OFF_SITE}
 * off-site. Every problem of the configuration is reported at once, naming the setting and the
 * numbers, so a wrong configuration fails at start-up and not on the first backup.
 */
public final class StorageTargets {

  public static final int MIN_TARGETS = 3;
  public static final int MIN_MEDIA = 2;
  public static final int MIN_OFF_SITE = 1;
  private static final String PREFIX = "gatevault.storage.targets";

  private final List<BackupStore> stores;

  private StorageTargets(List<BackupStore> stores) {
    this.stores = List.copyOf(stores);
  }

  /** Targets from already built stores (e.g. tests, or targets of several types). */
  public static StorageTargets of(List<? extends BackupStore> stores) {
    List<String> problems = ruleProblems(stores.stream().map(BackupStore::describe).toList());
    Set<String> ids = new HashSet<>();
    for (BackupStore store : stores) {
      if (!ids.add(store.describe().targetId())) {
        problems.add("target id '" + store.describe().targetId() + "' is used twice");
      }
    }
    failIfAny(problems);
    return new StorageTargets(List.copyOf(stores));
  }

  /**
   * Builds and checks the targets of {@code gatevault.storage}.
   *
   * @throws InvalidStorageConfigurationException listing every problem found
   */
  public static StorageTargets from(StorageSettings settings) {
    List<StorageTargetSettings> targets =
        settings == null || settings.targets() == null ? List.of() : settings.targets();
    List<String> problems = new ArrayList<>();
    List<TargetDescription> descriptions = new ArrayList<>();
    List<Path> paths = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < targets.size(); i++) {
      StorageTargetSettings target = targets.get(i);
      String at = PREFIX + "[" + i + "]";
      if (target == null) {
        problems.add(at + " is empty");
        continue;
      }
      int before = problems.size();
      if (target.id() == null || target.id().isBlank()) {
        problems.add(at + ".id is required (a unique name, e.g. disk-a)");
      } else if (!ids.add(target.id())) {
        problems.add(
            at + ".id '" + target.id() + "' is used by another target; ids must be unique");
      }
      if (target.type() != null
          && !StorageTargetSettings.FILESYSTEM.equalsIgnoreCase(target.type().trim())) {
        problems.add(at + ".type '" + target.type() + "' is not supported; use type: filesystem");
      }
      if (target.medium() == null) {
        problems.add(at + ".medium is required: one of " + List.of(StorageMedium.values()));
      }
      if (target.region() == null || target.region().isBlank()) {
        problems.add(at + ".region is required (a region or site, e.g. eu-west-1 or site-b)");
      }
      Path path = null;
      if (target.path() == null || target.path().isBlank()) {
        problems.add(at + ".path is required (the target's folder)");
      } else {
        try {
          path = canonical(Path.of(target.path().trim()));
        } catch (InvalidPathException e) {
          problems.add(at + ".path '" + target.path() + "' is not a valid path: " + e.getMessage());
        }
      }
      if (problems.size() == before) {
        descriptions.add(
            new TargetDescription(
                target.id(), target.medium(), target.region(), target.offSite(), target.offline()));
        paths.add(path);
      }
    }
    for (int a = 0; a < paths.size(); a++) {
      for (int b = a + 1; b < paths.size(); b++) {
        Path first = paths.get(a);
        Path second = paths.get(b);
        String names =
            "targets '"
                + descriptions.get(a).targetId()
                + "' and '"
                + descriptions.get(b).targetId()
                + "'";
        if (first.equals(second)) {
          problems.add(names + " share the path " + first + "; each copy needs its own folder");
        } else if (first.startsWith(second) || second.startsWith(first)) {
          problems.add(
              names
                  + " are nested ("
                  + first
                  + ", "
                  + second
                  + "); no target may be inside another, or one copy would hold the other");
        }
      }
    }
    if (descriptions.size() == targets.size()) {
      problems.addAll(ruleProblems(descriptions));
    }
    failIfAny(problems);
    List<BackupStore> stores = new ArrayList<>();
    for (int i = 0; i < descriptions.size(); i++) {
      stores.add(new FilesystemBackupStore(descriptions.get(i), paths.get(i)));
    }
    return new StorageTargets(stores);
  }

  private static List<String> ruleProblems(List<TargetDescription> targets) {
    List<String> problems = new ArrayList<>();
    if (targets.size() < MIN_TARGETS) {
      problems.add(
          "the 3-2-1 rule needs at least "
              + MIN_TARGETS
              + " targets under "
              + PREFIX
              + ", found "
              + targets.size());
    }
    Set<StorageMedium> media = EnumSet.noneOf(StorageMedium.class);
    targets.forEach(target -> media.add(target.medium()));
    if (media.size() < MIN_MEDIA) {
      problems.add(
          "the 3-2-1 rule needs at least "
              + MIN_MEDIA
              + " different media (medium), found "
              + media.size()
              + (media.isEmpty() ? "" : ": " + media)
              + "; mark e.g. one target medium: REMOVABLE_MEDIA");
    }
    long offSite = targets.stream().filter(TargetDescription::offSite).count();
    if (offSite < MIN_OFF_SITE) {
      problems.add(
          "the 3-2-1 rule needs at least "
              + MIN_OFF_SITE
              + " off-site target (off-site: true), found "
              + offSite);
    }
    return problems;
  }

  private static void failIfAny(List<String> problems) {
    if (!problems.isEmpty()) {
      throw new InvalidStorageConfigurationException(problems);
    }
  }

  /** Absolute, normalized, with symbolic links resolved as far as the path exists. */
  private static Path canonical(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    Path existing = absolute;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return absolute;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
    } catch (IOException e) {
      return absolute;
    }
  }

  /** Every target, in configuration order. */
  public List<BackupStore> all() {
    return stores;
  }

  public Optional<BackupStore> byId(String targetId) {
    return stores.stream()
        .filter(store -> store.describe().targetId().equals(targetId))
        .findFirst();
  }

  public List<TargetDescription> descriptions() {
    return stores.stream().map(BackupStore::describe).toList();
  }
}

package io.gatevault.crypto.erasure;

import io.gatevault.core.config.SensitiveDataClassifier;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.crypto.Keyring;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One {@code gdpr erase} run.
 *
 * @param targets every configured storage target
 * @param keyring opens the stored artifacts (every configured key, a recovery private key too)
 * @param subject the consumer id or username to erase, matched exactly
 * @param actor who asked (the operator), recorded in every deletion record
 * @param reason legal basis or ticket, recorded in every deletion record
 * @param dryRun report what would change and write nothing
 * @param retention which objects a target must still keep (object lock)
 * @param workDir where artifacts are unsealed, into owner-only temporary files deleted after use
 * @param progress one line per step, for the operator
 * @param classifiers the classification of personal data per gateway type ({@code
 *     SensitiveDataRules}), to name the classified fields that held the subject; empty for a type
 *     without rules
 * @param sealingKeyring wraps the replacements' fresh data keys, as the encrypt service does (the
 *     provider's current key and, when configured, the recovery public key)
 */
public record ErasureRequest(
    List<BackupStore> targets,
    Keyring keyring,
    String subject,
    String actor,
    String reason,
    boolean dryRun,
    ObjectRetention retention,
    Path workDir,
    Consumer<String> progress,
    Keyring sealingKeyring,
    Function<String, Optional<SensitiveDataClassifier>> classifiers) {

  public ErasureRequest {
    if (targets == null || targets.isEmpty()) {
      throw new IllegalArgumentException("An erasure needs the storage targets; none was given");
    }
    targets = List.copyOf(targets);
    if (keyring == null) {
      throw new IllegalArgumentException("An erasure needs the keyring to open the backups");
    }
    if (subject == null || subject.isBlank()) {
      throw new IllegalArgumentException(
          "--subject must not be blank: give the consumer id or username to erase");
    }
    if (actor == null || actor.isBlank()) {
      throw new IllegalArgumentException("An erasure needs an actor (--actor or the OS user)");
    }
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException(
          "--reason must not be blank: give the legal basis or the ticket of the request");
    }
    if (reason.contains(subject)) {
      // The reason is stored in every deletion record and the audit trail, which must not name
      // the person they erase.
      throw new IllegalArgumentException(
          "--reason must not contain the subject: it is kept in every deletion record; give the"
              + " ticket or legal basis only");
    }
    retention = retention == null ? ObjectRetention.NONE : retention;
    if (workDir == null) {
      throw new IllegalArgumentException("An erasure needs a working folder for unsealing");
    }
    progress = progress == null ? line -> {} : progress;
    sealingKeyring = sealingKeyring == null ? keyring : sealingKeyring;
    classifiers = classifiers == null ? type -> Optional.empty() : classifiers;
  }

  /** A request whose keyring both opens the artifacts and seals their replacements. */
  public ErasureRequest(
      List<BackupStore> targets,
      Keyring keyring,
      String subject,
      String actor,
      String reason,
      boolean dryRun,
      ObjectRetention retention,
      Path workDir,
      Consumer<String> progress) {
    this(
        targets, keyring, subject, actor, reason, dryRun, retention, workDir, progress, keyring,
        null);
  }
}

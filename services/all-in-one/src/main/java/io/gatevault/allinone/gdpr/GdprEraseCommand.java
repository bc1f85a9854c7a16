package io.gatevault.allinone.gdpr;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatevault.allinone.cli.ConfigOption;
import io.gatevault.allinone.cli.ExitCodes;
import io.gatevault.allinone.cli.StorageAccess;
import io.gatevault.allinone.config.GatevaultConfig;
import io.gatevault.allinone.keys.KeyProviders;
import io.gatevault.core.config.SensitiveDataClassifier;
import io.gatevault.core.storage.BackupStore;
import io.gatevault.crypto.erasure.ErasureReport;
import io.gatevault.crypto.erasure.ErasureReport.ArtifactErasure;
import io.gatevault.crypto.erasure.ErasureRequest;
import io.gatevault.crypto.erasure.SubjectEraser;
import io.gatevault.gateways.GatewayAdapters;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gatevault gdpr erase --subject <consumer id or username> --reason <ticket>}: one person's
 * data out of every backup on every target, offline (storage and keystore, no Kafka), with a
 * deletion record on every target and a report that proves it by reading every copy again.
 */
@Command(
    name = "erase",
    mixinStandardHelpOptions = true,
    description = {
      "Remove one person's data (a consumer id or username, matched exactly) from every stored",
      "backup on every target. Each backup that holds it is rewritten without it, sealed with a",
      "fresh data key, read back on every target, and only then is the old backup deleted there,",
      "its key objects included (a copy missed anywhere can no longer be opened). Backups without",
      "the subject are only read. A deletion record (what, when, how, by whom, why) is written",
      "to every target under erasures/<erasureId>/. Finally every copy is read again and the",
      "report says where the subject occurs: nowhere, when the erasure is complete.",
      "Resumable: run it again after an interruption; a second run changes nothing.",
      "Exit codes: 0 complete; 4 PARTIAL (blocked by object lock, needs review, or a change-log",
      "segment; the report names each); 1 failed (run again); 2 wrong command line or config."
    })
public final class GdprEraseCommand implements Callable<Integer> {

  @Mixin ConfigOption config = new ConfigOption();

  @Option(
      names = "--subject",
      required = true,
      description = "The person's consumer id or username, exactly as the gateway holds it.")
  String subject;

  @Option(
      names = "--reason",
      required = true,
      description =
          "Legal basis or ticket of the request (recorded, e.g. 'Art. 17 request #4711').")
  String reason;

  @Option(
      names = "--actor",
      description = "Who asks for the erasure (recorded; default: the OS user).")
  String actor;

  @Option(names = "--dry-run", description = "List what would change; write nothing.")
  boolean dryRun;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Option(
      names = "--url",
      paramLabel = "URL",
      description =
          "Control plane to record the erasure in the audit trail, when it runs (default:"
              + " $GATEVAULT_URL, else from the configuration).")
  String url;

  @Override
  public Integer call() throws Exception {
    if (reason.contains(subject)) {
      System.err.println(
          "--reason must not contain the subject: it is kept in every deletion record and the"
              + " audit trail; give the ticket or legal basis only");
      return ExitCodes.USAGE;
    }
    GatevaultConfig loaded = config.load();
    String by = actor == null || actor.isBlank() ? System.getProperty("user.name") : actor;
    PrintStream progress = json ? System.err : System.out;
    List<BackupStore> targets = StorageAccess.all(loaded);
    ErasureReport report =
        new SubjectEraser()
            .erase(
                new ErasureRequest(
                    targets,
                    KeyProviders.forOpening(
                        loaded.keyring(), loaded.tls().forConnection("keyring.kms.tls")),
                    subject,
                    by,
                    reason,
                    dryRun,
                    new ConfiguredObjectRetention(loaded),
                    workDir(loaded),
                    progress::println,
                    KeyProviders.forSealing(
                        loaded.keyring(), loaded.tls().forConnection("keyring.kms.tls")),
                    GdprEraseCommand::classifier));
    if (!report.dryRun()) {
      progress.println(ErasureAuditReport.send(controlPlaneUrl(loaded), report, targets));
    }
    for (GatevaultConfig.TargetSettings target : loaded.targets()) {
      if ("s3".equals(target.type()) && !report.artifacts().isEmpty()) {
        // Deleting in a versioned bucket (object lock requires versioning) leaves earlier
        // versions behind as noncurrent ones: the operator must know where they stay.
        progress.println(
            "note: on S3 target "
                + target.id()
                + ", a versioned bucket keeps earlier versions of deleted objects (key objects"
                + " too) until a lifecycle rule expires noncurrent versions; see docs/gdpr.md");
      }
    }
    if (json) {
      System.out.println(
          new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(toJson(report)));
    } else {
      print(report, System.out);
    }
    return exitCode(report);
  }

  /** 0 complete (or a dry run that found all it would need), 4 partial, 1 failed. */
  static int exitCode(ErasureReport report) {
    if (!report.failures().isEmpty()) {
      return ExitCodes.FAILED;
    }
    return report.complete() ? ExitCodes.OK : ExitCodes.PARTIAL;
  }

  /** The gateway type's classification of personal data, if the type has one. */
  static Optional<SensitiveDataClassifier> classifier(String gatewayType) {
    try {
      return Optional.of(GatewayAdapters.sensitiveDataRules(gatewayType).classifier());
    } catch (IllegalArgumentException noRulesForThisType) {
      return Optional.empty();
    }
  }

  static String result(ErasureReport report) {
    return !report.failures().isEmpty() ? "FAILED" : report.complete() ? "COMPLETE" : "PARTIAL";
  }

  private String controlPlaneUrl(GatevaultConfig loaded) {
    if (url != null) {
      return url;
    }
    String fromEnv = System.getenv("GATEVAULT_URL");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    return "http://" + loaded.controlPlane().host() + ":" + loaded.controlPlane().port();
  }

  /** Unsealed plaintext goes only to owner-only temporary files under the data folder. */
  private static Path workDir(GatevaultConfig loaded) {
    return loaded.dataDir().resolve("tmp").resolve("gdpr");
  }

  static void print(ErasureReport report, PrintStream out) {
    out.printf(
        "%s%s: subject digest %s, by %s, reason: %s%n",
        report.dryRun() ? "DRY RUN of erasure " : "erasure ",
        report.erasureId(),
        report.subjectDigest(),
        report.actor(),
        report.reason());
    for (ArtifactErasure a : report.artifacts()) {
      out.printf("%-12s %s (%s)%n", a.outcome(), a.oldName(), a.oldArtifactId());
      out.printf("             old sha256 %s%n", a.oldSha256());
      if (a.newArtifactId() != null) {
        out.printf("             replaced by %s (%s)%n", a.newName(), a.newArtifactId());
        out.printf("             new sha256 %s%n", a.newSha256());
      }
      a.personalDataFields().forEach(f -> out.printf("             held in %s%n", f));
      a.removedPaths().forEach(p -> out.printf("             removed %s%n", p));
      a.residualPaths().forEach(p -> out.printf("             STILL AT %s%n", p));
      if (!a.targets().isEmpty()) {
        out.printf("             targets %s%n", String.join(", ", a.targets()));
      }
    }
    for (ErasureReport.CheckedArtifact c : report.checked()) {
      out.printf("%-12s %s (%s) sha256 %s%n", "checked", c.name(), c.artifactId(), c.sha256());
    }
    for (ErasureReport.BlockedObject b : report.blocked()) {
      out.printf(
          "%-12s %s: %s until %s (%s)%n",
          "BLOCKED", b.targetId(), b.key(), b.retainedUntil(), b.detail());
    }
    report.failures().forEach(f -> out.printf("%-12s %s%n", "FAILED", f));
    if (!report.dryRun()) {
      long clean =
          report.rescan().stream()
              .filter(r -> r.outcome() == ErasureReport.RescanOutcome.CLEAN)
              .count();
      out.printf(
          "re-scan: %d copies read on %d targets, %d clean%n",
          report.rescan().size(),
          report.rescan().stream().map(ErasureReport.RescanResult::targetId).distinct().count(),
          clean);
      report.rescan().stream()
          .filter(r -> r.outcome() != ErasureReport.RescanOutcome.CLEAN)
          .forEach(
              r ->
                  out.printf(
                      "  %-16s %s on %s: %s%n", r.outcome(), r.name(), r.targetId(), r.detail()));
    }
    out.println(
        "result: "
            + (!report.failures().isEmpty()
                ? "FAILED (run it again)"
                : report.complete()
                    ? (report.dryRun() ? "dry run, nothing written" : "COMPLETE")
                    : "PARTIAL (see above)"));
  }

  static ObjectNode toJson(ErasureReport report) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("erasureId", report.erasureId());
    root.put("subjectDigest", report.subjectDigest());
    root.put("dryRun", report.dryRun());
    root.put("at", report.at().toString());
    root.put("actor", report.actor());
    root.put("reason", report.reason());
    root.put("result", result(report));
    root.set("artifacts", mapper.valueToTree(report.artifacts()));
    root.set("checked", mapper.valueToTree(report.checked()));
    ArrayNode blocked = root.putArray("blocked");
    for (ErasureReport.BlockedObject b : report.blocked()) {
      blocked
          .addObject()
          .put("targetId", b.targetId())
          .put("key", b.key())
          .put("artifactId", b.artifactId())
          .put("retainedUntil", b.retainedUntil() == null ? null : b.retainedUntil().toString())
          .put("detail", b.detail());
    }
    root.set("failures", mapper.valueToTree(report.failures()));
    root.set("rescan", mapper.valueToTree(report.rescan()));
    root.put("rescanClean", report.rescanClean());
    return root;
  }
}

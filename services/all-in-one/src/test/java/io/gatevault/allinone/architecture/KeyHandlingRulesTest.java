package io.gatevault.allinone.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Who may seal and who may touch keys (docs/security.md, "Least privilege"): only encrypt seals,
 * prune never sees the crypto library, and outside encrypt only the CLI's key rotation builds a
 * keyring that wraps.
 */
@AnalyzeClasses(packages = "io.gatevault", importOptions = ImportOption.DoNotIncludeTests.class)
class KeyHandlingRulesTest {

  @ArchTest
  static final ArchRule onlyEncryptSeals =
      noClasses()
          .that()
          .resideOutsideOfPackages("io.gatevault.encrypt..", "io.gatevault.crypto..")
          .should()
          .dependOnClassesThat()
          .haveFullyQualifiedName("io.gatevault.crypto.EnvelopeSealer")
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName("io.gatevault.crypto.StreamingSealer")
          .because("only the encrypt service asks for data keys and seals artifacts");

  @ArchTest
  static final ArchRule pruneNeverDependsOnTheCryptoLibrary =
      noClasses()
          .that()
          .resideInAPackage("io.gatevault.prune..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.gatevault.crypto..")
          .because("prune deletes by retention and never opens a backup: it holds no key");

  @ArchTest
  static final ArchRule onlyEncryptAndKeyRotationBuildAWrappingKeyring =
      noClasses()
          .that()
          .resideOutsideOfPackages(
              "io.gatevault.encrypt..",
              "io.gatevault.crypto..",
              "io.gatevault.allinone.keys..",
              "io.gatevault.allinone.cli..")
          .should()
          .callMethod(
              "io.gatevault.crypto.ConfiguredKeyrings",
              "forSealing",
              "io.gatevault.crypto.KeyProviderSettings")
          .because("verify and restore open backups; they never wrap a data key");
}

package io.gatevault.allinone.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layering every service follows (binding → application → adapter) and the walls between
 * modules, checked over the whole product on the all-in-one classpath.
 */
@AnalyzeClasses(packages = "io.gatevault", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringRulesTest {

  private static final String[] SERVICES = {
    "capture", "encrypt", "replicate", "verify", "prune", "restore", "controlplane"
  };

  @ArchTest
  static final ArchRule theCoreDomainUsesNoFrameworks =
      noClasses()
          .that()
          .resideInAPackage("io.gatevault.core..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.springframework..",
              "org.apache.kafka..",
              "org.apache.avro..",
              "software.amazon..",
              "io.gatevault.schemas..",
              "io.gatevault.messaging..")
          .because("the domain must outlive its frameworks (STYLE.md)");

  @ArchTest
  static final ArchRule applicationServicesDependOnPortsNotOnBindingsOrAdapters =
      noClasses()
          .that()
          .resideInAPackage("io.gatevault.*.application..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.gatevault.*.binding..",
              "io.gatevault.*.adapter..",
              "org.apache.kafka..",
              "org.springframework.cloud.stream..",
              "org.springframework.messaging..",
              "io.gatevault.schemas..")
          .because("logic sits behind ports; Avro and Kafka stay at the edge");

  @ArchTest
  static final ArchRule bindingsDoNotReachIntoAdapters =
      noClasses()
          .that()
          .resideInAPackage("io.gatevault.*.binding..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.gatevault.*.adapter..")
          .because("a binding only maps and delegates to its application service");

  @ArchTest
  static final ArchRule generatedAvroClassesStayAtTheEdge =
      noClasses()
          .that()
          .resideOutsideOfPackages(
              "io.gatevault.schemas..",
              "io.gatevault.messaging..",
              "io.gatevault.stream..",
              "io.gatevault.*.binding..",
              "io.gatevault.*.adapter..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.gatevault.schemas.avro..")
          .because("generated types are mapped to domain records at the edge (STYLE.md trap 1)");

  @ArchTest
  static final ArchRule servicesDoNotDependOnEachOther =
      slices()
          .matching("io.gatevault.(*)..")
          .namingSlices("$1")
          .that(
              com.tngtech.archunit.base.DescribedPredicate.describe(
                  "are services",
                  slice -> java.util.Arrays.asList(SERVICES).contains(slice.getDescription())))
          .should()
          .notDependOnEachOther();
}

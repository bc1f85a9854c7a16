package io.gatevault.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The domain stays free of frameworks so it can be reasoned about and tested on its own. */
@AnalyzeClasses(
    packages = "io.gatevault.core",
    importOptions = ImportOption.DoNotIncludeTests.class)
class CoreDependencyRulesTest {

  @ArchTest
  static final ArchRule coreDependsOnNoFrameworkOrWireType =
      noClasses()
          .that()
          .resideInAPackage("io.gatevault.core..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.springframework..",
              "org.apache.kafka..",
              "org.apache.avro..",
              "io.gatevault.schemas..",
              "software.amazon..",
              "com.amazonaws..")
          .because(
              "io.gatevault.core is the framework-free domain: map Avro, Kafka, Spring and AWS"
                  + " types at the edge (e.g. io.gatevault.messaging.mapping)");
}

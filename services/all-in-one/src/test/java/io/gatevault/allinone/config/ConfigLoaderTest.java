package io.gatevault.allinone.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir Path dir;

  private GatevaultConfig parse(String yaml) {
    return ConfigLoader.parse(yaml, "gatevault.yml", dir);
  }

  private InvalidConfigurationException problemsOf(String yaml) {
    try {
      parse(yaml);
    } catch (InvalidConfigurationException e) {
      return e;
    }
    throw new AssertionError("expected the configuration to be refused:\n" + yaml);
  }

  @Test
  void anEmptyFileGivesTheEmbeddedDefault() {
    GatevaultConfig config = parse("");
    assertThat(config.kafka().mode()).isEqualTo("embedded");
    assertThat(config.registry().mode()).isEqualTo("embedded");
    assertThat(config.registry().port()).isEqualTo(8081);
    assertThat(config.controlPlane().host()).isEqualTo("127.0.0.1");
    assertThat(config.controlPlane().port()).isEqualTo(8080);
    assertThat(config.services()).isEqualTo(GatevaultConfig.ALL_SERVICES);
    assertThat(config.dataDir()).isEqualTo(dir.resolve(".gatevault"));
  }

  @Test
  void aMissingFileGivesTheDefaultsToo() {
    assertThat(ConfigLoader.load(dir.resolve("absent.yml")).kafka().mode()).isEqualTo("embedded");
  }

  @Test
  void theShippedConfigurationIsValid() {
    Path shipped = Path.of("../../gatevault.yml");
    assertThat(shipped).exists();
    GatevaultConfig config = ConfigLoader.load(shipped);
    assertThat(config.gateways()).isNotEmpty();
  }

  @Test
  void anUnknownSettingIsNamedWithTheKnownOnes() {
    InvalidConfigurationException e = problemsOf("kafka:\n  bootstrap: x:1\n");
    assertThat(e.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.setting()).isEqualTo("kafka.bootstrap");
              assertThat(p.fix()).contains("bootstrap-servers");
            });
  }

  @Test
  void externalKafkaWithoutBrokersIsRefusedWithTheFix() {
    InvalidConfigurationException e = problemsOf("kafka:\n  mode: external\n");
    assertThat(e.getMessage())
        .contains("kafka.bootstrap-servers: is required when kafka.mode is external")
        .contains("Fix:");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    InvalidConfigurationException e =
        problemsOf(
            """
            kafka:
              mode: cloud
            registry:
              mode: external
              url: not-a-url
            control-plane:
              port: 70000
            services: [capture, backup]
            """);
    assertThat(e.problems())
        .extracting(ConfigProblem::setting)
        .containsExactlyInAnyOrder("kafka.mode", "registry.url", "control-plane.port", "services");
  }

  @Test
  void aWrongTypeNamesTheSettingAndTheValue() {
    InvalidConfigurationException e = problemsOf("control-plane:\n  port: eighty\n");
    assertThat(e.getMessage()).contains("control-plane.port: must be a whole number, got 'eighty'");
  }

  @Test
  void aNonLoopbackControlPlaneNeedsAnExplicitOptIn() {
    assertThat(problemsOf("control-plane:\n  host: 0.0.0.0\n").getMessage())
        .contains("control-plane.host")
        .contains("allow-remote");
    assertThat(
            parse("control-plane:\n  host: 0.0.0.0\n  allow-remote: true\n").controlPlane().host())
        .isEqualTo("0.0.0.0");
  }

  @Test
  void gatewaysNeedAnIdAUrlAndTheirTags() {
    InvalidConfigurationException e =
        problemsOf(
            """
            gateways:
              - id: Caddy Prod
                admin-url: ftp//nope
                environment: prod
            """);
    assertThat(e.problems())
        .extracting(ConfigProblem::setting)
        .containsExactlyInAnyOrder(
            "gateways[0].id",
            "gateways[0].admin-url",
            "gateways[0].application",
            "gateways[0].owner");
  }

  @Test
  void duplicateGatewayIdsAndPortsAreRefused() {
    InvalidConfigurationException e =
        problemsOf(
            """
            registry: {port: 8080}
            gateways:
              - {id: a, admin-url: "http://127.0.0.1:1/", environment: dev, application: x, owner: y}
              - {id: a, admin-url: "http://127.0.0.1:1/", environment: dev, application: x, owner: y}
            """);
    assertThat(e.problems())
        .extracting(ConfigProblem::setting)
        .containsExactlyInAnyOrder("gateways[1].id", "registry.port");
  }

  @Test
  void brokenYamlIsReportedWithItsLine() throws Exception {
    Path file = dir.resolve("gatevault.yml");
    Files.writeString(file, "kafka:\n  mode: [embedded\n");
    assertThatThrownBy(() -> ConfigLoader.load(file))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("not valid YAML")
        .hasMessageContaining("line");
  }

  @Test
  void theDefaultTargetsKeepTheThreeTwoOneRule() {
    GatevaultConfig config = parse("");
    assertThat(config.targets()).hasSize(3);
    assertThat(config.targets())
        .extracting(GatevaultConfig.TargetSettings::medium)
        .contains("FILESYSTEM", "REMOVABLE_MEDIA");
    assertThat(config.targets()).anyMatch(GatevaultConfig.TargetSettings::offSite);
    assertThat(config.keyring().keystore()).isEqualTo(dir.resolve(".gatevault/keys/keyring.p12"));
    assertThat(config.retention()).isEqualTo(new GatevaultConfig.RetentionSettings(30, 12, 12));
  }

  @Test
  void targetsThatBreakThreeTwoOneAreRefusedWithTheCounts() {
    InvalidConfigurationException e =
        problemsOf(
            """
            storage:
              targets:
                - {id: a, path: /tmp/gv/a}
                - {id: b, path: /tmp/gv/b}
            """);
    assertThat(e.getMessage())
        .contains(
            "storage.targets: break the 3-2-1 rule: 2 copies (need 3), 1 media (need 2),"
                + " 0 off-site (need 1)");
  }

  @Test
  void aKeystoreInsideATargetIsRefused() {
    InvalidConfigurationException e =
        problemsOf(
            """
            keyring: {keystore: /tmp/gv/a/keys.p12}
            storage:
              targets:
                - {id: a, path: /tmp/gv/a}
                - {id: b, path: /tmp/gv/b, medium: REMOVABLE_MEDIA}
                - {id: c, path: /tmp/gv/c, off-site: true}
            """);
    assertThat(e.problems()).extracting(ConfigProblem::setting).containsExactly("keyring.keystore");
    assertThat(e.getMessage()).contains("keep keys apart from the backups");
  }

  @Test
  void aTargetInsideAnotherAndAnUnknownMediumAreRefused() {
    InvalidConfigurationException e =
        problemsOf(
            """
            storage:
              targets:
                - {id: a, path: /tmp/gv/a}
                - {id: b, path: /tmp/gv/a/b, medium: TAPE}
                - {id: c, path: /tmp/gv/c, off-site: true, medium: REMOVABLE_MEDIA}
            """);
    assertThat(e.problems())
        .extracting(ConfigProblem::setting)
        .containsExactlyInAnyOrder("storage.targets[1].path", "storage.targets[1].medium");
  }

  @Test
  void aBadScheduleWindowAndZoneAreNamed() {
    InvalidConfigurationException e =
        problemsOf(
            """
            gateways:
              - id: g
                admin-url: http://127.0.0.1:2019
                environment: dev
                application: x
                owner: y
                schedule: "every night"
                off-peak-window: "1-5"
                time-zone: Mars/Olympus
            """);
    assertThat(e.problems())
        .extracting(ConfigProblem::setting)
        .containsExactlyInAnyOrder(
            "gateways[0].schedule", "gateways[0].off-peak-window", "gateways[0].time-zone");
  }

  @Test
  void secretsDefaultToKeepAndAnythingButKeepOrRedactIsNamed() {
    String gateway =
        """
        gateways:
          - {id: g, type: caddy, admin-url: "http://127.0.0.1:2019", environment: dev,
             application: x, owner: y%s}
        """;
    assertThat(parse(gateway.formatted("")).gateways().get(0).secrets()).isEqualTo("keep");
    assertThat(parse(gateway.formatted(", secrets: redact")).gateways().get(0).secrets())
        .isEqualTo("redact");
    InvalidConfigurationException e = problemsOf(gateway.formatted(", secrets: hide"));
    assertThat(e.problems())
        .extracting(ConfigProblem::setting)
        .containsExactly("gateways[0].secrets");
    assertThat(e.getMessage()).contains("use keep", "or redact");
  }

  @Test
  void aPolicyThatKeepsNothingIsRefused() {
    assertThat(problemsOf("retention: {daily: 0, weekly: 0, monthly: 0}").getMessage())
        .contains("retention: keeps nothing");
  }

  @Test
  void aTargetOutsideAnEnvironmentsResidencyIsRefusedNamingTargetRegionAndRule() {
    InvalidConfigurationException e =
        problemsOf(
            """
            residency: {prod: [eu-west-1, eu-central-1]}
            storage:
              targets:
                - {id: a, path: /tmp/gv/a, region: eu-west-1}
                - {id: b, path: /tmp/gv/b, medium: REMOVABLE_MEDIA, region: eu-central-1}
                - {id: c, path: /tmp/gv/c, off-site: true, region: us-east-1}
            gateways:
              - {id: g, admin-url: "http://127.0.0.1:2019", environment: prod, application: x,
                 owner: y}
            """);
    assertThat(e.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.setting()).isEqualTo("storage.targets[2].region");
              assertThat(p.problem())
                  .contains("target 'c'")
                  .contains("us-east-1")
                  .contains("residency.prod")
                  .contains("[eu-west-1, eu-central-1]");
            });
  }

  @Test
  void residencyOfAnotherEnvironmentDoesNotConstrainThisOne() {
    GatevaultConfig config =
        parse(
            """
            residency: {prod: [eu-west-1]}
            gateways:
              - {id: g, admin-url: "http://127.0.0.1:2019", environment: dev, application: x,
                 owner: y}
            """);
    assertThat(config.residency()).containsEntry("prod", java.util.List.of("eu-west-1"));
  }

  @Test
  void anS3TargetIsAnObjectStoreInItsBucketsRegion() {
    GatevaultConfig config =
        parse(
            """
            storage:
              targets:
                - {id: a, path: /tmp/gv/a}
                - {id: b, path: /tmp/gv/b, medium: REMOVABLE_MEDIA}
                - id: eu-bucket
                  type: s3
                  off-site: true
                  s3: {bucket: gatevault-offsite, region: eu-west-1, storage-class: GLACIER}
            """);
    GatevaultConfig.TargetSettings s3 = config.targets().get(2);
    assertThat(s3.medium()).isEqualTo("OBJECT_STORE");
    assertThat(s3.region()).isEqualTo("eu-west-1");
    assertThat(s3.path()).isNull();
    assertThat(s3.s3())
        .containsEntry("bucket", "gatevault-offsite")
        .containsEntry("storage-class", "GLACIER");
  }

  @Test
  void anS3TargetWithoutABucketOrWithAnUnknownSettingIsRefused() {
    InvalidConfigurationException e =
        problemsOf(
            """
            storage:
              targets:
                - {id: a, path: /tmp/gv/a}
                - {id: b, path: /tmp/gv/b, medium: REMOVABLE_MEDIA}
                - {id: c, type: s3, off-site: true, s3: {region: eu-west-1, bukket: x}}
            """);
    assertThat(e.problems())
        .extracting(ConfigProblem::setting)
        .containsExactlyInAnyOrder("storage.targets[2].s3.bukket");
    InvalidConfigurationException missing =
        problemsOf(
            """
            storage:
              targets:
                - {id: a, path: /tmp/gv/a}
                - {id: b, path: /tmp/gv/b, medium: REMOVABLE_MEDIA}
                - {id: c, type: s3, off-site: true, s3: {region: eu-west-1}}
            """);
    assertThat(missing.problems())
        .extracting(ConfigProblem::setting)
        .containsExactly("storage.targets[2].s3.bucket");
  }
}

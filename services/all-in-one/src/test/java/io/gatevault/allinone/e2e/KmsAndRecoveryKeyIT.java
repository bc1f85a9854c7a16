package io.gatevault.allinone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatevault.crypto.TestKmsEndpoint;
import io.gatevault.crypto.WrappedDataKey;
import io.gatevault.crypto.WrappingKeyReference;
import io.gatevault.testsupport.CaddyProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The aws-kms key provider and the public-key recovery key end to end through the embedded stack,
 * against a real Caddy and {@link TestKmsEndpoint} (a local KMS speaking the AWS JSON protocol with
 * real AES-GCM): {@code keys recovery-init}, a backup sealed under the KMS key with the recovery
 * public key beside it, a KMS key rotation recorded in the audit trail, and then, with the KMS
 * stopped, a restore that opens the backup with the recovery private key alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KmsAndRecoveryKeyIT {

  private static final String GATEWAY = "caddy-kms";
  private static final String RECOVERY_PASSPHRASE = "offline recovery passphrase 7";

  @TempDir static Path dir;
  private CaddyProcess caddy;
  private TestKmsEndpoint kms;
  private E2eFixture fixture;
  private String baseConfig;

  @BeforeAll
  void start() throws Exception {
    caddy =
        CaddyProcess.start(
            "{\"apps\":{\"http\":{\"servers\":{\"s\":{\"listen\":[\"127.0.0.1:"
                + CaddyProcess.freePort()
                + "\"],\"routes\":[{\"@id\":\"hello\",\"match\":[{\"path\":[\"/hello\"]}],"
                + "\"handle\":[{\"handler\":\"static_response\",\"body\":\"hi\"}]}]}}}}}");
    kms = new TestKmsEndpoint();
    // The KMS client's default credential chain reads these first (no environment needed).
    System.setProperty("aws.accessKeyId", "AKIDGATEVAULTTEST");
    System.setProperty("aws.secretAccessKey", "test-secret");
    fixture = new E2eFixture(dir);
    baseConfig =
        """
        data-dir: data
        registry: {port: 0}
        control-plane: {port: 0}
        gateways:
          - {id: %s, type: caddy, admin-url: "%s", environment: test, application: kms,
             owner: sre, poll-interval: "off"}
        """
            .formatted(GATEWAY, caddy.adminUrl());
    fixture.writeConfig(baseConfig);
  }

  @AfterAll
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
    if (caddy != null) {
      caddy.close();
    }
    if (kms != null) {
      kms.close();
    }
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  @Test
  void aBackupSealedUnderKmsOpensWithTheRecoveryKeyAloneOnceTheKmsIsGone() throws Exception {
    Path offline = dir.resolve("offline");
    Files.createDirectories(offline);
    Path passphraseFile = offline.resolve("recovery.pass");
    Files.writeString(passphraseFile, RECOVERY_PASSPHRASE + "\n");
    Path privateKey = offline.resolve("recovery-private.pem");
    E2eFixture.Run init =
        fixture.cliStdout(
            "keys",
            "recovery-init",
            "--private-key",
            privateKey.toString(),
            "--password-file",
            passphraseFile.toString());
    assertThat(init.exit()).as(init.out()).isZero();
    assertThat(init.out()).contains("RSA-4096").contains("Move the private key offline");
    Path publicKey = dir.resolve("data/keys/recovery-public.pem");
    assertThat(publicKey).exists();

    String firstKey = kms.createKey();
    writeKeyring(firstKey, 1, publicKey, null, null);
    fixture.startStack();
    E2eFixture.Run backup =
        fixture.cliStdoutOnline("backup", GATEWAY, "--description", "under KMS");
    assertThat(backup.exit()).as(backup.out()).isZero();
    String name = awaitVerified().path("name").asText();

    assertThat(kms.calls("GenerateDataKey")).isPositive();
    assertThat(kms.calls("Decrypt")).as("verify opened it through KMS").isPositive();
    assertThat(keyObjectWrappers())
        .containsExactly("aws-kms/" + firstKey, "recovery-rsa/gatevault-recovery/v1");

    // Rotate to a second KMS key while the stack runs: the run lands in the audit trail.
    String secondKey = kms.createKey();
    writeKeyring(secondKey, 2, publicKey, null, null);
    E2eFixture.Run rotated =
        fixture.cliStdoutOnline(
            "keys", "rotate", "--from-key-arn", firstKey, "--requested-by", "dana");
    assertThat(rotated.exit()).as(rotated.out()).isZero();
    assertThat(rotated.out()).contains("re-wrapped").contains("Recorded in the audit trail");
    JsonNode rotation = awaitAudit("keys.rotate");
    assertThat(rotation.path("actor").asText()).isEqualTo("dana");
    assertThat(rotation.path("outcome").asText()).isEqualTo("SUCCESS");
    assertThat(rotation.path("detail").path("toKey").asText()).contains(secondKey);
    assertThat(keyObjectWrappers())
        .containsExactly("aws-kms/" + secondKey, "recovery-rsa/gatevault-recovery/v1");

    fixture.stopStack();
    E2eFixture.Run offlineRotation =
        fixture.cliStdout("keys", "rotate", "--from-key-arn", firstKey, "--requested-by", "dana");
    assertThat(offlineRotation.exit()).as(offlineRotation.out()).isZero();
    assertThat(offlineRotation.out()).contains("recorded only in its journal");

    // Disaster: the KMS is gone. The recovery private key alone opens the backup.
    kms.close();
    int decryptsBefore = kms.calls("Decrypt");
    writeKeyring(secondKey, 2, publicKey, privateKey, passphraseFile);
    fixture.startStack();
    E2eFixture.Run restore =
        fixture.cliStdoutOnline("restore", GATEWAY, "--backup", name, "--dry-run", "--wait", "90");
    assertThat(restore.exit()).as(restore.out()).isZero();
    assertThat(restore.out()).contains("integrity-check").contains("SUCCESS");
    assertThat(kms.calls("Decrypt")).isEqualTo(decryptsBefore);
  }

  private void writeKeyring(
      String keyArn, int version, Path publicKey, Path privateKey, Path passphraseFile)
      throws Exception {
    StringBuilder keyring =
        new StringBuilder(
            """
            keyring:
              provider: aws-kms
              key-version: %d
              kms: {key-arn: "%s", region: %s, endpoint: "%s"}
              recovery:
                public-key: %s
            """
                .formatted(version, keyArn, TestKmsEndpoint.REGION, kms.endpoint(), publicKey));
    if (privateKey != null) {
      keyring.append("    private-key: ").append(privateKey).append('\n');
      keyring.append("    password-file: ").append(passphraseFile).append('\n');
    }
    fixture.writeConfig(baseConfig + keyring);
  }

  /**
   * The wrapping keys named in the headers of the stored key objects on the local target: the
   * backup's and the change segment's that its first read of the gateway sealed; all alike.
   */
  private List<String> keyObjectWrappers() throws Exception {
    try (Stream<Path> files = Files.walk(dir.resolve("data/targets/local"))) {
      List<Path> keyObjects =
          files.filter(p -> p.getFileName().toString().endsWith(".key")).toList();
      assertThat(keyObjects).isNotEmpty();
      java.util.Set<List<String>> wrappers = new java.util.HashSet<>();
      for (Path keyObject : keyObjects) {
        wrappers.add(
            WrappedDataKey.fromKeyObject(
                    Files.readAllBytes(keyObject), new WrappingKeyReference("unknown", "k", 1))
                .wrappingKeys());
      }
      assertThat(wrappers).as("every key object wrapped alike").hasSize(1);
      return wrappers.iterator().next();
    }
  }

  private JsonNode awaitVerified() throws Exception {
    Instant deadline = Instant.now().plusSeconds(120);
    while (Instant.now().isBefore(deadline)) {
      E2eFixture.Run list = fixture.cliStdoutOnline("list", GATEWAY, "--json");
      JsonNode backups = new ObjectMapper().readTree(list.out()).path("backups");
      if (backups.size() > 0 && "SUCCESS".equals(backups.get(0).path("status").asText())) {
        return backups.get(0);
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the backup was not verified within 120 s");
  }

  private JsonNode awaitAudit(String action) throws Exception {
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      JsonNode records =
          new ObjectMapper()
              .readTree(fixture.cliStdoutOnline("audit", "--json", "--limit", "500").out());
      for (JsonNode record : records.isArray() ? records : records.path("records")) {
        if (action.equals(record.path("action").asText())) {
          return record;
        }
      }
      Thread.sleep(500);
    }
    throw new AssertionError("no " + action + " audit record within 60 s");
  }
}

package io.gatevault.allinone.gdpr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatevault.allinone.cli.GatevaultCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gatevault gdpr record} from a configuration alone (no backups yet): every section is there
 * in text and JSON, taken from gatevault.yml. GdprRecordIT covers the categories found in backups.
 */
class GdprRecordCommandTest {

  @TempDir Path dir;

  private record Run(int exit, String out) {}

  @Test
  void theRecordTakesPurposeRetentionLocationsResidencyAndSafeguardsFromTheConfiguration()
      throws Exception {
    Path config = writeConfig();

    Run text = run("gdpr", "record", "--config", config.toString());

    assertThat(text.exit()).as(text.out()).isZero();
    assertThat(text.out())
        .contains("Record of processing activities (GDPR Art. 30)")
        .contains("Purpose", "Backup and point-in-time recovery of API gateway configurations")
        .contains("caddy-eu (caddy, environment prod, owner platform-team)")
        .contains("username (personal data)", "credential (secret)", "client IP address")
        .contains("secrets: redacted from backups")
        .contains("found: not inspected (no verified backup of this gateway in storage)")
        .contains("daily     14 backups kept, up to 14 days")
        .contains("weekly     8 backups kept, up to 8 weeks")
        .contains("monthly    6 backups kept, up to 6 months")
        .contains("longest: about 6 months")
        .contains("offsite", "eu-central-1", "off-site")
        .contains("residency rule: prod only in eu-west-1, eu-central-1")
        .contains("AES-256-GCM", "Key provider: PKCS12 keystore", "3-2-1: 3 copies on 2 media")
        .contains("Kafka embedded on loopback", "no tls: section")
        .contains("Erasure", "gatevault gdpr erase --subject");

    Run json = run("gdpr", "record", "--json", "--config", config.toString());

    assertThat(json.exit()).as(json.out()).isZero();
    JsonNode record = new ObjectMapper().readTree(json.out());
    assertThat(record.path("gateways").get(0).path("id").asText()).isEqualTo("caddy-eu");
    assertThat(
            record
                .path("gateways")
                .get(0)
                .path("foundInNewestBackup")
                .path("inspected")
                .asBoolean(true))
        .isFalse();
    assertThat(record.path("storageDuration").path("classes")).hasSize(3);
    assertThat(record.path("storageDuration").path("classes").get(2).path("backupsKept").asInt())
        .isEqualTo(6);
    assertThat(record.path("locations")).hasSize(3);
    assertThat(record.path("locations").get(2).path("region").asText()).isEqualTo("eu-central-1");
    assertThat(record.path("residency").path("prod")).hasSize(2);
    assertThat(record.path("safeguards").toString()).contains("AES-256-GCM");
    assertThat(record.path("erasure").asText()).contains("gdpr erase");
  }

  private Path writeConfig() throws Exception {
    Path config = dir.resolve("gatevault.yml");
    Files.writeString(
        config,
        """
        data-dir: data
        storage:
          targets:
            - {id: local, path: targets/local, medium: FILESYSTEM, region: eu-west-1}
            - {id: removable, path: targets/removable, medium: REMOVABLE_MEDIA, region: eu-west-1}
            - {id: offsite, path: targets/offsite, medium: FILESYSTEM, off-site: true,
               region: eu-central-1}
        residency:
          prod: [eu-west-1, eu-central-1]
        retention: {daily: 14, weekly: 8, monthly: 6}
        gateways:
          - {id: caddy-eu, type: caddy, admin-url: "http://127.0.0.1:2019", environment: prod,
             application: shop, owner: platform-team, secrets: redact}
        """);
    return config;
  }

  private static Run run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream both = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setOut(both);
    System.setErr(both);
    try {
      int exit = GatevaultCommand.commandLine().execute(args);
      return new Run(exit, captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }
}

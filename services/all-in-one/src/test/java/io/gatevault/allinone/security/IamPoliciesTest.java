package io.gatevault.allinone.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The example IAM policies in infra/iam grant exactly what docs/security.md lists per service: the
 * tables of the doc are parsed, so doc and policies cannot drift apart.
 */
class IamPoliciesTest {

  private static final Path ROOT = repositoryRoot();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ACTION = Pattern.compile("`((?:kms|s3):[A-Za-z]+)`");

  @Test
  void everyServicePolicyGrantsExactlyTheKmsAndS3ActionsTheSecurityDocLists() throws Exception {
    Map<String, Set<String>> documented = documentedActions();
    Map<String, String> policies =
        Map.of(
            "encrypt", "encrypt.json",
            "replicate", "replicate.json",
            "verify", "verify.json",
            "prune", "prune.json",
            "restore", "restore.json",
            "operator running `keys rotate`", "keys-rotate.json");

    for (Map.Entry<String, String> policy : policies.entrySet()) {
      assertThat(grantedActions(policy.getValue()))
          .as("%s (infra/iam/%s) vs docs/security.md", policy.getKey(), policy.getValue())
          .isEqualTo(documented.get(policy.getKey()));
    }
  }

  @Test
  void theDocumentedActionsKeepTheSeparationOfDuties() throws Exception {
    Map<String, Set<String>> documented = documentedActions();

    assertThat(documented.get("encrypt"))
        .containsExactlyInAnyOrder("kms:GenerateDataKey", "kms:Encrypt");
    assertThat(documented.get("verify")).contains("kms:Decrypt").doesNotContain("s3:DeleteObject");
    assertThat(documented.get("restore"))
        .containsExactlyInAnyOrder("kms:Decrypt", "s3:GetObject", "s3:ListBucket");
    assertThat(documented.get("prune"))
        .containsExactlyInAnyOrder("s3:DeleteObject", "s3:ListBucket");
    assertThat(documented.get("replicate"))
        .doesNotContain("s3:DeleteObject")
        .noneMatch(action -> action.startsWith("kms:"));
    assertThat(documented.get("capture")).isEmpty();
  }

  @Test
  void apiGatewayCaptureOnlyReadsAndRestoreWritesOnlyItsApis() throws Exception {
    assertThat(grantedActions("capture.json")).containsExactly("apigateway:GET");
    assertThat(grantedActions("restore-apigateway.json"))
        .containsExactlyInAnyOrder(
            "apigateway:GET",
            "apigateway:PUT",
            "apigateway:POST",
            "apigateway:PATCH",
            "apigateway:DELETE");
  }

  @Test
  void noPolicyUsesWildcardActionsOrUnconditionedKmsKeys() throws Exception {
    try (var files = Files.list(ROOT.resolve("infra/iam"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        for (JsonNode statement : JSON.readTree(file.toFile()).path("Statement")) {
          assertThat(statement.path("Effect").asText()).as(file.toString()).isEqualTo("Allow");
          for (JsonNode action : list(statement.path("Action"))) {
            assertThat(action.asText()).as(file.toString()).doesNotContain("*");
            if (action.asText().startsWith("kms:")) {
              assertThat(
                      statement
                          .path("Condition")
                          .path("StringLike")
                          .has("kms:EncryptionContext:gatevault:artifact"))
                  .as("%s: KMS use bound to Gatevault's encryption context", file)
                  .isTrue();
            }
          }
        }
      }
    }
  }

  /** Service → KMS and S3 actions, from the two tables of docs/security.md. */
  private static Map<String, Set<String>> documentedActions() throws IOException {
    String doc = Files.readString(ROOT.resolve("docs/security.md"));
    Map<String, Set<String>> actions = new LinkedHashMap<>();
    for (String table : new String[] {"### KMS (envelope key)", "### S3 targets"}) {
      int start = doc.indexOf(table);
      assertThat(start).as("docs/security.md has the section " + table).isNotNegative();
      int end = doc.indexOf("\n#", start + table.length());
      for (String line : doc.substring(start, end < 0 ? doc.length() : end).split("\n")) {
        String[] cells = line.split("\\|");
        if (cells.length < 3 || cells[1].isBlank() || cells[1].contains("---")) {
          continue;
        }
        String services = cells[1].trim();
        if (services.equals("service")) {
          continue;
        }
        Set<String> found = new TreeSet<>();
        Matcher matcher = ACTION.matcher(cells[2]);
        while (matcher.find()) {
          found.add(matcher.group(1));
        }
        for (String service : services.split(", ")) {
          actions.computeIfAbsent(service.trim(), s -> new TreeSet<>()).addAll(found);
        }
      }
    }
    return actions;
  }

  private static Set<String> grantedActions(String file) throws IOException {
    Set<String> actions = new TreeSet<>();
    for (JsonNode statement :
        JSON.readTree(ROOT.resolve("infra/iam").resolve(file).toFile()).path("Statement")) {
      list(statement.path("Action")).forEach(action -> actions.add(action.asText()));
    }
    return actions;
  }

  private static Iterable<JsonNode> list(JsonNode node) {
    return node.isArray() ? node : java.util.List.of(node);
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("infra/iam"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("infra/iam not found above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }
}

package io.gatevault.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.e2e.harness.ProcessHarness;
import io.gatevault.registry.EmbeddedSchemaRegistry;
import io.gatevault.stream.GatevaultTopics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code infra/kafka/topics.sh} creates the same topics, with the same partitions, retention and
 * clean-up policy, as the services provision from their catalogue - so an operator who creates
 * topics up front gets exactly what the services would have created.
 */
class TopicsScriptTest {

  @Test
  void topicsScriptDeclaresExactlyTheCatalogueTopicsAndTheSchemaTopic() throws Exception {
    List<String> expected =
        new ArrayList<>(
            GatevaultTopics.all().stream()
                .map(
                    spec ->
                        spec.name()
                            + " partitions="
                            + spec.partitions()
                            + " replication-factor=1 cleanup.policy="
                            + spec.cleanupPolicy()
                            + ",retention.ms="
                            + spec.retention().toMillis())
                .toList());
    expected.add(
        EmbeddedSchemaRegistry.DEFAULT_TOPIC
            + " partitions=1 replication-factor=1 cleanup.policy=compact,retention.ms=-1");

    assertThat(dryRun()).containsExactlyInAnyOrderElementsOf(expected);
  }

  private static List<String> dryRun() throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(
                "bash",
                ProcessHarness.repositoryRoot().resolve("infra/kafka/topics.sh").toString(),
                "--dry-run")
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("topics.sh --dry-run output:%n%s", output).isZero();
    return output.lines().toList();
  }
}

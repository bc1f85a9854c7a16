package io.gatevault.core.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Whole decisions compared with reviewed golden files in src/test/resources/retention. To accept a
 * deliberate change, run with {@code -Dgolden.update=true} and review the diff.
 */
class RetentionGoldenFileTest {

  private static final Path GOLDEN = Path.of("src/test/resources/retention");

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "year-of-dailies-default-policy, 2025-08-18, 365, 30, 12, 12",
    "ninety-dailies-7-4-3, 2025-03-31, 90, 7, 4, 3",
  })
  void decisionMatchesTheGoldenFile(
      String name, String lastDay, int days, int daily, int weekly, int monthly)
      throws IOException {
    List<BackupPoint> backups = RetentionPolicyTest.dailies(LocalDate.parse(lastDay), days, true);
    String actual = render(new RetentionPolicy(name, daily, weekly, monthly).apply(backups));
    Path file = GOLDEN.resolve(name + ".golden");
    if (Boolean.getBoolean("golden.update") || !Files.exists(file)) {
      Files.createDirectories(GOLDEN);
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    assertThat(actual).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
  }

  static String render(RetentionDecision decision) {
    StringBuilder out = new StringBuilder();
    out.append("policy ").append(decision.policy().describe()).append('\n');
    out.append("anchor ").append(decision.anchor() == null ? "none" : decision.anchor().id());
    out.append('\n');
    out.append("keep ").append(decision.keep().size());
    out.append(", remove ").append(decision.remove().size()).append('\n');
    for (RetentionDecision.Verdict verdict : decision.keep()) {
      out.append("KEEP   ").append(verdict.backup().id()).append("  ");
      out.append(String.join(" | ", verdict.reasons())).append('\n');
    }
    for (RetentionDecision.Verdict verdict : decision.remove()) {
      out.append("REMOVE ").append(verdict.backup().id()).append("  ");
      out.append(String.join(" | ", verdict.reasons())).append('\n');
    }
    return out.toString();
  }
}

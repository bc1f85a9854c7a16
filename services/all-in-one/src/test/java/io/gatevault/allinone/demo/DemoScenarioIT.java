package io.gatevault.allinone.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gatevault demo} runs its whole story against a real Spring Cloud Gateway process: the
 * damaged copy is caught by verification and the restored gateway answers as before.
 */
class DemoScenarioIT {

  @TempDir Path dir;

  @Test
  void theDemoCatchesTheDamagedCopyAndRestoresTheGateway() throws Exception {
    ByteArrayOutputStream output = new ByteArrayOutputStream();

    boolean restored =
        new DemoScenario(new PrintStream(output, true, StandardCharsets.UTF_8), dir).run();

    String narration = output.toString(StandardCharsets.UTF_8);
    assertThat(restored).as(narration).isTrue();
    assertThat(narration)
        .contains("status SUCCESS")
        .contains("verification: PARTIAL")
        .contains("failed check checksum on removable")
        .contains("restore: SUCCESS")
        .contains("The gateway answers exactly as it did before the bad release.");
  }
}

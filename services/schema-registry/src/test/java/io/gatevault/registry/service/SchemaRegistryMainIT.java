package io.gatevault.registry.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.messaging.registry.RestSchemaRegistryClient;
import io.gatevault.testsupport.SharedKafka;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Runs the executable jar as a real process against the shared broker. */
class SchemaRegistryMainIT {

  private static final Pattern URL = Pattern.compile("listening on (http://\\S+)");

  @Test
  void executableJarServesTheRegistryAndStopsCleanlyOnSigterm() throws Exception {
    Path jar = executableJar();
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "--bootstrap-servers",
                SharedKafka.bootstrapServers(),
                "--port",
                "0",
                "--topic",
                "_gatevault_schemas_main_" + UUID.randomUUID())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try (BufferedReader output =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String url = null;
      List<String> seen = new ArrayList<>();
      for (String line = output.readLine(); line != null; line = output.readLine()) {
        seen.add(line);
        Matcher matcher = URL.matcher(line);
        if (matcher.find()) {
          url = matcher.group(1);
          break;
        }
      }
      assertThat(url).as("URL line in output %s", seen).isNotNull();

      RestSchemaRegistryClient client = RestSchemaRegistryClient.forUrls(url);
      int id =
          client.register(
              "main-value",
              "{\"type\":\"record\",\"name\":\"M\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}");
      assertThat(client.latestVersion("main-value").id()).isEqualTo(id);

      // SIGTERM through the handle: Process.destroy() would also close our end of stdout.
      assertThat(process.toHandle().destroy()).isTrue();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(output.readLine()).isEqualTo("Schema registry stopped");
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void missingBootstrapServersExitsWithCode2AndUsage() throws Exception {
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                executableJar().toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(output).contains("--bootstrap-servers").contains("Usage:");
  }

  private static Path executableJar() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files
          .filter(path -> path.getFileName().toString().endsWith("-exec.jar"))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "No *-exec.jar in target"
                          + File.separator
                          + ": run through 'mvn verify' so that the jar is packaged first"));
    }
  }
}

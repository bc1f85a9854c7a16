package io.gatevault.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The executable jars Maven builds for the service modules ({@code services/<name>}). */
public final class ServiceJars {

  private ServiceJars() {}

  /**
   * The one {@code services/<module>/target/*-exec.jar}.
   *
   * @throws IllegalStateException naming the build command when there is none, or more than one
   */
  public static Path executableJar(String module) {
    Path target =
        ProcessHarness.repositoryRoot().resolve("services").resolve(module).resolve("target");
    List<Path> jars;
    try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
      jars = files.filter(f -> f.getFileName().toString().endsWith("-exec.jar")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + target, e);
    }
    if (jars.size() != 1) {
      throw new IllegalStateException(
          "Expected one executable jar services/"
              + module
              + "/target/*-exec.jar, found "
              + jars
              + ". Build it with ./mvnw -pl services/"
              + module
              + " -am package -DskipTests (or run ./mvnw verify from the root)"
              + (jars.isEmpty() ? "." : ", after ./mvnw clean to drop stale versions."));
    }
    return jars.get(0);
  }
}

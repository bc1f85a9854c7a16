package io.gatevault.allinone.config;

import java.util.List;
import java.util.stream.Collectors;

/** The configuration cannot be used; lists every problem found, not just the first. */
public final class InvalidConfigurationException extends RuntimeException {

  private final String source;
  private final List<ConfigProblem> problems;

  public InvalidConfigurationException(String source, List<ConfigProblem> problems) {
    super(render(source, problems));
    this.source = source;
    this.problems = List.copyOf(problems);
  }

  public String source() {
    return source;
  }

  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String render(String source, List<ConfigProblem> problems) {
    String header =
        source + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems");
    return header
        + problems.stream().map(p -> "\n  - " + p).collect(Collectors.joining())
        + "\nSee docs/configuration.md for every setting.";
  }
}

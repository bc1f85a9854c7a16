package io.gatevault.allinone.config;

/**
 * One thing wrong with a configuration: the setting's dotted name, what is wrong, and how to fix
 * it.
 */
public record ConfigProblem(String setting, String problem, String fix) {

  @Override
  public String toString() {
    return setting + ": " + problem + " Fix: " + fix;
  }
}

package io.gatevault.allinone.stack;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/**
 * Narrates a long operation step by step on the terminal: what starts, what is ready, in how long.
 */
public final class Progress {

  private final PrintStream out;
  private final int steps;
  private int step;

  public Progress(PrintStream out, int steps) {
    this.out = out;
    this.steps = steps;
  }

  /** Runs one step, printing its name before and its outcome and duration after. */
  public <T> T step(String what, java.util.function.Supplier<T> action) {
    step++;
    out.printf("[%d/%d] %s ... ", step, steps, what);
    out.flush();
    Instant started = Instant.now();
    try {
      T result = action.get();
      out.printf("ready (%.1f s)%n", Duration.between(started, Instant.now()).toMillis() / 1000.0);
      return result;
    } catch (RuntimeException e) {
      out.println("FAILED");
      throw e;
    }
  }

  public void say(String line) {
    out.println(line);
  }
}

package io.gatevault.registry;

import java.util.Locale;
import java.util.Optional;

/** Compatibility levels of a subject, with Confluent's names and meaning. */
public enum Compatibility {
  NONE(false, false, false),
  BACKWARD(true, false, false),
  BACKWARD_TRANSITIVE(true, false, true),
  FORWARD(false, true, false),
  FORWARD_TRANSITIVE(false, true, true),
  FULL(true, true, false),
  FULL_TRANSITIVE(true, true, true);

  private final boolean newReadsOld;
  private final boolean oldReadsNew;
  private final boolean transitive;

  Compatibility(boolean newReadsOld, boolean oldReadsNew, boolean transitive) {
    this.newReadsOld = newReadsOld;
    this.oldReadsNew = oldReadsNew;
    this.transitive = transitive;
  }

  /** Consumers on the new schema must read data written with earlier schemas. */
  boolean newReadsOld() {
    return newReadsOld;
  }

  /** Consumers still on earlier schemas must read data written with the new one. */
  boolean oldReadsNew() {
    return oldReadsNew;
  }

  /** Checked against every earlier version, not just the latest. */
  boolean transitive() {
    return transitive;
  }

  static Optional<Compatibility> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(valueOf(text.trim().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}

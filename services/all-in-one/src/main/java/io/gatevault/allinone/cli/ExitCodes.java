package io.gatevault.allinone.cli;

/** Exit codes of the {@code gatevault} command; documented in README and --help. */
public final class ExitCodes {
  /** Everything worked. */
  public static final int OK = 0;

  /** The operation ran and failed (a service did not start, a request failed). */
  public static final int FAILED = 1;

  /** The command line or the configuration is wrong; nothing was done. */
  public static final int USAGE = 2;

  /** The control plane could not be reached (is `gatevault up` running?). */
  public static final int UNREACHABLE = 3;

  private ExitCodes() {}
}

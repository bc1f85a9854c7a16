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

  /**
   * The operation ran but is not finished everywhere (a GDPR erasure blocked by object lock, or an
   * artifact that needs review); the report names what is left. Run it again when that is resolved.
   */
  public static final int PARTIAL = 4;

  /**
   * {@code restore --at}: the newest known state was restored (or, in a dry run, planned), but the
   * change log is known complete only until a time before the target, so changes between that time
   * and the target are unknown (capture was behind or down). The report names the time. The restore
   * itself worked: check capture, then restore again or accept the state.
   */
  public static final int LOG_INCOMPLETE = 5;

  private ExitCodes() {}
}

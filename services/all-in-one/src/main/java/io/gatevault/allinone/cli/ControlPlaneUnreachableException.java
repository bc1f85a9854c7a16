package io.gatevault.allinone.cli;

/** The control plane did not answer; the CLI exits with {@link ExitCodes#UNREACHABLE}. */
final class ControlPlaneUnreachableException extends RuntimeException {
  ControlPlaneUnreachableException(String url, Throwable cause) {
    super(
        "Cannot reach the Gatevault control plane at "
            + url
            + " ("
            + cause.getClass().getSimpleName()
            + (cause.getMessage() == null ? "" : ": " + cause.getMessage())
            + "). Start it with `./gatevault up`, or point --url / GATEVAULT_URL at a running one.",
        cause);
  }
}

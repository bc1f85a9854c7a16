package io.gatevault.allinone.stack;

import io.gatevault.capture.CaptureApplication;
import io.gatevault.controlplane.ControlPlaneApplication;
import io.gatevault.encrypt.EncryptApplication;
import io.gatevault.prune.PruneApplication;
import io.gatevault.replicate.ReplicateApplication;
import io.gatevault.restore.RestoreApplication;
import io.gatevault.verify.VerifyApplication;
import java.util.List;

/** A Gatevault service as the embedded stack starts it. */
record ServiceDescriptor(String name, Class<?> application, String configName, boolean web) {

  static final List<ServiceDescriptor> ALL =
      List.of(
          new ServiceDescriptor("capture", CaptureApplication.class, "capture", false),
          new ServiceDescriptor("encrypt", EncryptApplication.class, "encrypt", false),
          new ServiceDescriptor("replicate", ReplicateApplication.class, "replicate", false),
          new ServiceDescriptor("verify", VerifyApplication.class, "verify", false),
          new ServiceDescriptor("prune", PruneApplication.class, "prune", false),
          new ServiceDescriptor("restore", RestoreApplication.class, "restore", false),
          new ServiceDescriptor(
              "control-plane", ControlPlaneApplication.class, "control-plane", true));

  static ServiceDescriptor named(String name) {
    return ALL.stream()
        .filter(d -> d.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No Gatevault service named " + name));
  }
}

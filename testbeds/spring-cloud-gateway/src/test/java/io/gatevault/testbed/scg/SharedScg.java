package io.gatevault.testbed.scg;

import io.gatevault.core.gateway.GatewayDescriptor;
import io.gatevault.gateways.scg.ScgProcess;

/**
 * One real testbed gateway for all ITs of a test JVM: SCG takes seconds to start, and every test
 * puts the routes it needs in place itself. The process stops with the JVM (ScgProcess's hook).
 */
final class SharedScg {

  private static ScgProcess process;

  private SharedScg() {}

  static synchronized ScgProcess process() {
    if (process == null || !process.isAlive()) {
      process = ScgProcess.start();
      System.out.println(
          "SCG testbed pid "
              + process.pid()
              + " ready in "
              + process.startupTime().toMillis()
              + " ms: proxy "
              + process.proxyUrl()
              + ", management "
              + process.managementUrl());
    }
    return process;
  }

  static GatewayDescriptor descriptor() {
    return new GatewayDescriptor(
        "scg-it", "spring-cloud-gateway", process().managementUrl(), "test", "demo", "platform");
  }
}

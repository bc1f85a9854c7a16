package io.gatevault.testbed.scg;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A real Spring Cloud Gateway that Gatevault can start by itself (demo, tests): loopback only, no
 * routes of its own, routes managed through the actuator's gateway endpoint on a separate
 * management port. See the module README for the settings and the READY line.
 */
@SpringBootApplication
public class ScgTestbedApplication {

  public static void main(String[] args) {
    SpringApplication.run(ScgTestbedApplication.class, args);
  }
}

package io.gatevault.testbed.scg;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Prints {@value #PREFIX}{@code port=<proxy port> management=<management port>} on standard output
 * once both servers listen, so a launcher that asked for free ports (0) learns which ones it got
 * without parsing log lines whose format may change.
 */
@Component
class ReadyAnnouncement implements ApplicationListener<ApplicationReadyEvent> {

  static final String PREFIX = "GATEWAY READY ";

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    Environment environment = event.getApplicationContext().getEnvironment();
    String proxyPort = environment.getProperty("local.server.port");
    String managementPort = environment.getProperty("local.management.port", proxyPort);
    System.out.println(PREFIX + "port=" + proxyPort + " management=" + managementPort);
    System.out.flush();
  }
}

package io.gatevault.capture.adapter;

import io.gatevault.capture.application.CaptureProperties;
import io.gatevault.capture.application.GatewayDirectory;
import io.gatevault.capture.application.SnapshotCapturer;
import io.gatevault.capture.application.SnapshotChunker;
import io.gatevault.stream.AuditTrail;
import io.gatevault.stream.Envelopes;
import io.gatevault.stream.EventPublisher;
import io.gatevault.stream.GatevaultProperties;
import io.gatevault.stream.ProcessedEvents;
import java.net.http.HttpClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires capture's application service to its adapters. */
@Configuration(proxyBeanMethods = false)
public class CaptureConfiguration {

  @Bean
  GatewayDirectory gatewayDirectory(CaptureProperties properties) {
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(properties.requestTimeout())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    return new ConfiguredGatewayDirectory(properties, client);
  }

  @Bean
  SnapshotCapturer snapshotCapturer(
      GatewayDirectory gateways,
      EventPublisher publisher,
      AuditTrail audit,
      Envelopes envelopes,
      GatevaultProperties properties) {
    return new SnapshotCapturer(
        gateways,
        publisher,
        audit,
        envelopes,
        new ProcessedEvents(properties.stream().processedEventsCapacity()),
        new SnapshotChunker());
  }
}

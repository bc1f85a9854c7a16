package io.gatevault.controlplane.adapter;

import io.gatevault.controlplane.application.CaptureHeartbeatView;
import io.gatevault.core.changes.CaptureHeartbeat;
import io.gatevault.stream.CompactedTopic;
import io.gatevault.stream.GatevaultTopics;
import io.gatevault.stream.KafkaConnection;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Reads capture's heartbeats from their compacted topic into the {@link CaptureHeartbeatView}. */
@Configuration(proxyBeanMethods = false)
public class CaptureHeartbeatConfiguration {

  private static final Logger log = LoggerFactory.getLogger(CaptureHeartbeatConfiguration.class);

  @Bean(destroyMethod = "close")
  CompactedTopic captureHeartbeatTopic(KafkaConnection connection) {
    return new CompactedTopic(
        connection.clientConfig(),
        GatevaultTopics.CAPTURE_HEARTBEATS,
        Duration.ofSeconds(10),
        "capture keeps each gateway's heartbeat",
        "ask again");
  }

  /**
   * The view over the topic; an unreadable record is skipped (the gateway's previous heartbeat
   * still says what it says).
   */
  @Bean
  CaptureHeartbeatView captureHeartbeatView(CompactedTopic captureHeartbeatTopic) {
    return new CaptureHeartbeatView(
        each ->
            captureHeartbeatTopic.catchUp(
                (key, value, position) -> {
                  try {
                    each.accept(CaptureHeartbeat.fromJson(value, position));
                  } catch (IllegalArgumentException unreadable) {
                    log.warn("Capture heartbeat skipped: {}", unreadable.getMessage());
                  }
                }));
  }
}

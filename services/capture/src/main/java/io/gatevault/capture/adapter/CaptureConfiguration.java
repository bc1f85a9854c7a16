package io.gatevault.capture.adapter;

import io.gatevault.capture.application.CaptureProperties;
import io.gatevault.capture.application.ChangeFeed;
import io.gatevault.capture.application.ChangeFeedStore;
import io.gatevault.capture.application.ChangeSegmentPublisher;
import io.gatevault.capture.application.ChangeSegmenter;
import io.gatevault.capture.application.CheckpointProperties;
import io.gatevault.capture.application.CheckpointWriter;
import io.gatevault.capture.application.GatewayDirectory;
import io.gatevault.capture.application.OpenSegmentRecovery;
import io.gatevault.capture.application.PollHeartbeats;
import io.gatevault.capture.application.ScheduledBackups;
import io.gatevault.capture.application.SnapshotCapturer;
import io.gatevault.capture.application.SnapshotChunker;
import io.gatevault.capture.application.SnapshotVersions;
import io.gatevault.stream.AuditTrail;
import io.gatevault.stream.Envelopes;
import io.gatevault.stream.EventPublisher;
import io.gatevault.stream.GatevaultProperties;
import io.gatevault.stream.GatevaultTopics;
import io.gatevault.stream.KafkaConnection;
import io.gatevault.stream.ProcessedEvents;
import io.gatevault.tls.TlsProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Wires capture's application service to its adapters. */
@Configuration(proxyBeanMethods = false)
public class CaptureConfiguration {

  private static final Logger log = LoggerFactory.getLogger(CaptureConfiguration.class);

  /** Each gateway with its TLS settings, {@code gatevault.tls.gateways.<id>.*}. */
  @Bean
  GatewayDirectory gatewayDirectory(CaptureProperties properties, Environment environment) {
    return new ConfiguredGatewayDirectory(
        properties,
        id -> TlsProperties.read("gatevault.tls.gateways." + id, environment::getProperty));
  }

  @Bean
  SnapshotCapturer snapshotCapturer(
      GatewayDirectory gateways,
      EventPublisher publisher,
      AuditTrail audit,
      Envelopes envelopes,
      GatevaultProperties properties,
      SnapshotVersions versions,
      ChangeFeed changeFeed,
      ChangeSegmenter changeSegmenter) {
    return new SnapshotCapturer(
        gateways,
        publisher,
        audit,
        envelopes,
        new ProcessedEvents(properties.stream().processedEventsCapacity()),
        new SnapshotChunker(),
        versions,
        changeFeed,
        changeSegmenter);
  }

  /** The change feed's sequence and last state per gateway, on the compacted topic. */
  @Bean(destroyMethod = "close")
  KafkaChangeFeedStore changeFeedStore(KafkaConnection connection, CaptureProperties properties) {
    return new KafkaChangeFeedStore(
        connection.clientConfig(), GatevaultTopics.CAPTURE_CHANGES, properties.versionsTimeout());
  }

  /** Capture's heartbeat per gateway after each successful poll, on its compacted topic. */
  @Bean(destroyMethod = "close")
  KafkaHeartbeatStore heartbeatStore(KafkaConnection connection, CaptureProperties properties) {
    return new KafkaHeartbeatStore(
        connection.clientConfig(),
        GatevaultTopics.CAPTURE_HEARTBEATS,
        properties.versionsTimeout());
  }

  @Bean
  PollHeartbeats pollHeartbeats(
      KafkaHeartbeatStore store,
      CaptureProperties properties,
      Envelopes envelopes,
      MeterRegistry meters) {
    PollHeartbeats heartbeats = new PollHeartbeats(store, properties.changes().heartbeatInterval());
    HeartbeatAgeMetrics.register(
        meters, heartbeats, properties.pollIntervals().keySet(), envelopes.clock());
    return heartbeats;
  }

  /** Cuts each gateway's changes into segments sealed like snapshots. */
  @Bean(destroyMethod = "close")
  ChangeSegmenter changeSegmenter(
      CaptureProperties properties,
      GatewayDirectory gateways,
      EventPublisher publisher,
      Envelopes envelopes,
      KafkaChangeFeedStore sealedMarks,
      PollHeartbeats heartbeats) {
    return new ChangeSegmenter(
        properties.changes().segmentEvents(),
        properties.changes().segmentAge(),
        envelopes.clock(),
        new ChangeSegmentPublisher(
            gateways, publisher, envelopes, new SnapshotChunker(), heartbeats),
        sealedMarks);
  }

  /** Re-reads from the raw changes topic what a crashed capture left in its open segments. */
  @Bean
  OpenSegmentRecovery openSegmentRecovery(
      KafkaChangeFeedStore store,
      ChangeSegmenter segmenter,
      KafkaConnection connection,
      GatevaultProperties gatevault,
      CaptureProperties properties,
      AuditTrail audit,
      EventPublisher publisher,
      Envelopes envelopes) {
    return new OpenSegmentRecovery(
        store,
        store,
        new KafkaChangeLog(
            connection.clientConfig(),
            gatevault.registry().url(),
            GatevaultTopics.CHANGES_RAW,
            properties.versionsTimeout()),
        segmenter,
        audit,
        publisher,
        envelopes);
  }

  /**
   * Recovers the open segments once the context is up and before the command bindings (phase {@code
   * Integer.MAX_VALUE - 1000}) and the feed start: nothing can hand the segmenter a newer change of
   * a gateway before its lost ones are back, which would make it ignore them.
   */
  @Bean
  SmartLifecycle openSegmentRecoveryLifecycle(
      OpenSegmentRecovery recovery, GatewayDirectory gateways) {
    return new SmartLifecycle() {
      private volatile boolean running;

      @Override
      public void start() {
        recovery.recoverAll(gateways.knownGatewayIds());
        running = true;
      }

      @Override
      public void stop() {
        running = false;
      }

      @Override
      public boolean isRunning() {
        return running;
      }

      @Override
      public int getPhase() {
        return Integer.MAX_VALUE - 2000;
      }
    };
  }

  @Bean(destroyMethod = "close")
  ChangeFeed changeFeed(
      CaptureProperties properties,
      CheckpointProperties checkpoints,
      GatewayDirectory gateways,
      KafkaChangeFeedStore store,
      EventPublisher publisher,
      Envelopes envelopes,
      ChangeSegmenter segmenter,
      PollHeartbeats heartbeats) {
    // Checkpoints are written from the states the feed records, so they sit in front of its store.
    ChangeFeedStore feedStore =
        checkpoints.every().isPresent()
            ? new CheckpointWriter(
                store,
                checkpoints.every().getAsLong(),
                gateways,
                publisher,
                envelopes,
                new SnapshotChunker())
            : store;
    return new ChangeFeed(
        gateways,
        feedStore,
        publisher,
        envelopes,
        segmenter,
        properties.pollIntervals(),
        heartbeats);
  }

  /**
   * Starts polling and the segment timer after everything else (topics are provisioned by then),
   * and at shutdown stops polling and seals every open segment before anything else stops, while
   * the producers are still up: a restart leaves no change unsealed.
   */
  @Bean
  SmartLifecycle changeFeedLifecycle(
      ChangeFeed feed, ChangeSegmenter segmenter, PollHeartbeats heartbeats) {
    return new SmartLifecycle() {
      private volatile boolean running;

      @Override
      public void start() {
        segmenter.start(daemonTimer("capture-segments", 1));
        feed.start(daemonTimer("capture-change-feed", 2));
        running = true;
      }

      @Override
      public void stop() {
        running = false;
        feed.close();
        // The last successful poll, even if the rate limit held it back: restore's coverage.
        heartbeats.flush();
        try {
          segmenter.closeAll();
        } catch (RuntimeException e) {
          log.warn("Open change segments not sealed at shutdown: {}", e.getMessage());
        }
        segmenter.close();
      }

      @Override
      public boolean isRunning() {
        return running;
      }

      @Override
      public int getPhase() {
        return Integer.MAX_VALUE;
      }
    };
  }

  private static ScheduledExecutorService daemonTimer(String name, int threads) {
    return Executors.newScheduledThreadPool(
        threads,
        runnable -> {
          Thread thread = new Thread(runnable, name);
          thread.setDaemon(true);
          return thread;
        });
  }

  /** Backup numbering on the compacted topic, caught up before every assignment. */
  @Bean(destroyMethod = "close")
  KafkaSnapshotVersions snapshotVersions(KafkaConnection connection, CaptureProperties properties) {
    return new KafkaSnapshotVersions(
        connection.clientConfig(), GatevaultTopics.CAPTURE_VERSIONS, properties.versionsTimeout());
  }

  /**
   * Reads the numbering once the context is up (the topic is provisioned by then), so the log shows
   * at start what capture continues from. Not fatal: every assignment catches up anyway.
   */
  @Bean
  ApplicationRunner snapshotVersionsLoader(KafkaSnapshotVersions versions) {
    return arguments -> {
      try {
        versions.load();
      } catch (IllegalStateException e) {
        log.warn(
            "Backup numbering not read at start (read again on first backup): {}", e.getMessage());
      }
    };
  }

  /** Publishes the scheduled backups of the gateways that have a schedule. */
  @Bean(initMethod = "start", destroyMethod = "close")
  ScheduledBackups scheduledBackups(
      CaptureProperties properties,
      EventPublisher publisher,
      AuditTrail audit,
      Envelopes envelopes) {
    return new ScheduledBackups(
        properties.schedules(),
        publisher,
        audit,
        envelopes,
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "capture-schedule");
              thread.setDaemon(true);
              return thread;
            }));
  }
}

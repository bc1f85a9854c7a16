package io.gatevault.controlplane.binding;

import io.gatevault.controlplane.application.CaptureHeartbeatView;
import java.time.Clock;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /api/v1/capture/heartbeats}: per gateway capture's last successful poll (sequence,
 * time) and its age in seconds, so monitoring and operators see a capture that is behind or down
 * before a point-in-time restore reports it as PARTIAL.
 */
@RestController
@RequestMapping("/api/v1")
class CaptureHeartbeatController {

  private final CaptureHeartbeatView heartbeats;
  private final Clock clock = Clock.systemUTC();

  CaptureHeartbeatController(CaptureHeartbeatView heartbeats) {
    this.heartbeats = heartbeats;
  }

  @GetMapping("/capture/heartbeats")
  List<CaptureHeartbeatView.HeartbeatAge> heartbeats() {
    try {
      return heartbeats.current(clock.instant());
    } catch (IllegalStateException e) {
      throw new ResponseStatusException(
          HttpStatus.SERVICE_UNAVAILABLE,
          "capture heartbeats could not be read: " + e.getMessage(),
          e);
    }
  }
}

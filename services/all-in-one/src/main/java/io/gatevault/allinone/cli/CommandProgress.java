package io.gatevault.allinone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Follows what the services record about one command (the audit records that carry its id) and
 * prints each as it arrives, until the command's final record or a deadline.
 */
public final class CommandProgress {

  private final ControlPlaneClient client;

  public CommandProgress(ControlPlaneClient client) {
    this.client = client;
  }

  /**
   * @param finalAction the action that ends the command, e.g. {@code restore.completed}
   * @return the final record, or null when the deadline passed first
   */
  public JsonNode follow(
      String commandId, String finalAction, Duration wait, Consumer<JsonNode> onRecord)
      throws InterruptedException {
    Set<String> seen = new HashSet<>();
    Instant deadline = Instant.now().plus(wait);
    while (Instant.now().isBefore(deadline)) {
      ControlPlaneClient.Reply reply = client.get("/api/v1/audit?limit=1000");
      JsonNode records = reply.body().isArray() ? reply.body() : reply.body().path("records");
      JsonNode last = null;
      // The view lists newest first; print oldest first.
      for (int i = records.size() - 1; i >= 0; i--) {
        JsonNode r = records.get(i);
        if (!commandId.equals(r.path("detail").path("commandId").asText())) {
          continue;
        }
        if (seen.add(r.path("eventId").asText())) {
          onRecord.accept(r);
        }
        if (finalAction.equals(r.path("action").asText())) {
          last = r;
        }
      }
      if (last != null) {
        return last;
      }
      Thread.sleep(500);
    }
    return null;
  }
}

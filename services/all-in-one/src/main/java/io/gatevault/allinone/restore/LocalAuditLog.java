package io.gatevault.allinone.restore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatevault.core.event.AuditRecord;
import io.gatevault.core.event.GatevaultEvent;
import io.gatevault.stream.EventPublisher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * The audit trail of work done while Kafka is gone: each audit record is appended as one JSON line
 * to a local file (kept for the record when the audit topic is back) and handed to a listener,
 * which prints restore steps as they happen.
 */
public final class LocalAuditLog implements EventPublisher {

  private final Path file;
  private final Consumer<AuditRecord> listener;
  private final ObjectMapper mapper = new ObjectMapper();

  public LocalAuditLog(Path file, Consumer<AuditRecord> listener) {
    this.file = file;
    this.listener = listener;
  }

  /** Where the records are appended. */
  public Path file() {
    return file;
  }

  @Override
  public void publish(String topic, String key, GatevaultEvent event) {
    if (!(event instanceof AuditRecord record)) {
      throw new IllegalArgumentException(
          "without Kafka only audit records are kept (locally); got "
              + event.getClass().getSimpleName()
              + " for topic "
              + topic);
    }
    ObjectNode line = mapper.createObjectNode();
    line.put("eventId", record.envelope().eventId());
    line.put("at", record.at().toString());
    line.put("actor", record.actor());
    line.put("action", record.action());
    line.put("target", record.target());
    line.put("outcome", record.outcome().name());
    line.set("detail", mapper.valueToTree(record.detail()));
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(
          file,
          mapper.writeValueAsString(line) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot append to the local audit log " + file + ": " + e.getMessage(), e);
    }
    listener.accept(record);
  }
}

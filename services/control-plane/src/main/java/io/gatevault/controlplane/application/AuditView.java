package io.gatevault.controlplane.application;

import io.gatevault.core.event.AuditRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The newest audit records, materialised from gatevault.audit: bounded (oldest dropped first) and
 * de-duplicated by event id. It shows what this instance consumed since it started; the topic stays
 * the record of truth.
 */
public class AuditView {

  private final int capacity;
  private final Deque<AuditRecord> newestFirst = new ArrayDeque<>();
  private final Set<String> eventIds = new HashSet<>();

  public AuditView(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException(
          "gatevault.control-plane.audit-view-capacity must be at least 1, got " + capacity);
    }
    this.capacity = capacity;
  }

  public synchronized void add(AuditRecord record) {
    if (!eventIds.add(record.envelope().eventId())) {
      return;
    }
    newestFirst.addFirst(record);
    while (newestFirst.size() > capacity) {
      eventIds.remove(newestFirst.removeLast().envelope().eventId());
    }
  }

  /**
   * The records of {@code actions} about command {@code commandId} (their detail's {@code
   * commandId}), oldest first.
   */
  public synchronized List<AuditRecord> ofCommand(String commandId, Set<String> actions) {
    List<AuditRecord> result = new ArrayList<>();
    newestFirst
        .descendingIterator()
        .forEachRemaining(
            record -> {
              if (actions.contains(record.action())
                  && commandId.equals(record.detail().get("commandId"))) {
                result.add(record);
              }
            });
    return result;
  }

  /** Up to {@code limit} records, newest first. */
  public synchronized List<AuditRecord> newest(int limit) {
    List<AuditRecord> result = new ArrayList<>(Math.min(limit, newestFirst.size()));
    for (AuditRecord record : newestFirst) {
      if (result.size() == limit) {
        break;
      }
      result.add(record);
    }
    return result;
  }
}

package io.gatevault.restore.application;

import io.gatevault.core.pitr.LoggedChange;
import java.util.List;

/**
 * Port: the newest changes of a gateway's log that are not sealed in a segment yet, read from the
 * raw changes topic ({@code gatevault.changes.raw}) while Kafka is there and the records are within
 * retention.
 */
public interface ChangeTail {

  /**
   * The gateway's changes with a sequence above {@code afterSequence}, in sequence order, without
   * duplicates.
   */
  List<LoggedChange> changesAfter(String gatewayId, long afterSequence);

  /** Where the changes came from, for reports and for error messages naming where to look. */
  String describe();

  /**
   * No tail: the restore works from storage alone (offline, or Kafka gone).
   *
   * @param why said in reports and gap messages, e.g. "offline restore from target s3-primary"
   */
  static ChangeTail none(String why) {
    return new ChangeTail() {
      @Override
      public List<LoggedChange> changesAfter(String gatewayId, long afterSequence) {
        return List.of();
      }

      @Override
      public String describe() {
        return "the raw changes topic was not read (" + why + ")";
      }
    };
  }
}

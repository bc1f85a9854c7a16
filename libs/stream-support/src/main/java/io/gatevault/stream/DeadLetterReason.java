package io.gatevault.stream;

/**
 * Why a record went to its dead-letter topic; written to the {@value #HEADER} header and used as
 * the {@code reason} tag of the {@code gatevault.deadletter.records} counter.
 */
public enum DeadLetterReason {
  /** The bytes are not a Confluent-wire Avro record we can read; retrying cannot help. */
  UNDECODABLE("undecodable"),
  /** Processing failed with a permanent error (invalid content); sent without retrying. */
  PERMANENT_FAILURE("permanent-failure"),
  /** Processing failed with a transient error on every one of the bounded attempts. */
  RETRIES_EXHAUSTED("retries-exhausted");

  /** Record header that carries the reason on the dead-letter record. */
  public static final String HEADER = "gatevault-dlt-reason";

  private final String label;

  DeadLetterReason(String label) {
    this.label = label;
  }

  /** The reason as written to headers and metric tags. */
  public String label() {
    return label;
  }
}

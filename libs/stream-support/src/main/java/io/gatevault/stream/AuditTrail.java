package io.gatevault.stream;

import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.event.AuditRecord;
import io.gatevault.core.event.EventEnvelope;
import java.util.Map;

/**
 * Records what this service did on {@value GatevaultTopics#AUDIT}, keyed by actor. Every action a
 * service takes on an input is recorded once: the record's id derives from the action, its target
 * and the input event's id.
 */
public final class AuditTrail {

  private final EventPublisher publisher;
  private final Envelopes envelopes;

  public AuditTrail(EventPublisher publisher, Envelopes envelopes) {
    this.publisher = publisher;
    this.envelopes = envelopes;
  }

  /**
   * Records that {@code actor} did {@code action} to {@code target}, because of {@code cause}.
   *
   * @param cause envelope of the event or command that led to the action, or null
   * @param gatewayId gateway concerned, or null
   * @param detail facts about the action, never secrets or configuration content
   */
  public AuditRecord record(
      String actor,
      String action,
      String target,
      AuditOutcome outcome,
      EventEnvelope cause,
      String gatewayId,
      Map<String, String> detail) {
    AuditRecord record = prepare(actor, action, target, outcome, cause, gatewayId, detail);
    publisher.publish(GatevaultTopics.AUDIT, actor, record);
    return record;
  }

  /**
   * The record {@link #record} would publish, as one event of a batch the caller publishes with
   * {@link EventPublisher#publishAll} together with the events it audits.
   */
  public EventPublisher.Outgoing prepare(
      String action,
      String target,
      AuditOutcome outcome,
      EventEnvelope cause,
      String gatewayId,
      Map<String, String> detail) {
    String actor = envelopes.serviceName();
    return new EventPublisher.Outgoing(
        GatevaultTopics.AUDIT,
        actor,
        prepare(actor, action, target, outcome, cause, gatewayId, detail));
  }

  private AuditRecord prepare(
      String actor,
      String action,
      String target,
      AuditOutcome outcome,
      EventEnvelope cause,
      String gatewayId,
      Map<String, String> detail) {
    EventEnvelope envelope =
        envelopes.derived(
            "AuditRecord",
            cause,
            gatewayId,
            action,
            target,
            outcome.name(),
            cause == null ? "" : cause.eventId());
    return new AuditRecord(
        envelope, actor, action, target, outcome, detail, envelopes.clock().instant());
  }

  /** Records an action this service took on its own account (the actor is the service). */
  public AuditRecord record(
      String action,
      String target,
      AuditOutcome outcome,
      EventEnvelope cause,
      String gatewayId,
      Map<String, String> detail) {
    return record(envelopes.serviceName(), action, target, outcome, cause, gatewayId, detail);
  }
}

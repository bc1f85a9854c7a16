package io.gatevault.messaging.mapping;

import io.gatevault.core.event.GatevaultEvent;
import org.apache.avro.specific.SpecificRecord;

/**
 * Maps one domain event type to its Avro record and back. {@code toDomain(toAvro(e))} equals {@code
 * e}.
 *
 * @param <D> the domain event (for commands, the sealed {@code Command} interface)
 * @param <A> the generated Avro record
 */
public interface EventMapper<D extends GatevaultEvent, A extends SpecificRecord> {

  Class<D> domainType();

  Class<A> avroType();

  A toAvro(D event);

  /**
   * @throws IllegalArgumentException naming the field when the record breaks the contract
   */
  D toDomain(A record);
}

package io.gatevault.stream;

import io.gatevault.core.gateway.GatewayAccessException;
import io.gatevault.messaging.registry.SchemaRegistryUnavailableException;
import io.gatevault.messaging.serde.UndecodableRecordException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.errors.SerializationException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.messaging.converter.MessageConversionException;

/**
 * Sorts a consumer's failure into transient (retry a bounded number of times) or permanent (send to
 * the dead-letter topic at once). The binder and the deserializer wrap the original error, so the
 * whole cause chain is examined, in this order:
 *
 * <ol>
 *   <li>an unreachable schema registry is transient, even inside a deserialization error: a
 *       registry outage must not dead-letter every record;
 *   <li>bytes that are not a record we can read are {@link DeadLetterReason#UNDECODABLE};
 *   <li>a gateway failure is what the adapter classified it as;
 *   <li>invalid content ({@link IllegalArgumentException}, which domain records throw from their
 *       constructors, {@link NullPointerException}, {@link ClassCastException}, a message or
 *       serialization failure) is permanent;
 *   <li>everything else (I/O, timeouts) is transient.
 * </ol>
 */
public final class FailureClassifier {

  private FailureClassifier() {}

  /** True when trying the same record again may succeed. */
  public static boolean isTransient(Throwable failure) {
    return reasonFor(failure) == DeadLetterReason.RETRIES_EXHAUSTED;
  }

  /**
   * The dead-letter reason for a failure that ended a record's processing; {@code
   * RETRIES_EXHAUSTED} stands for every transient failure.
   */
  public static DeadLetterReason reasonFor(Throwable failure) {
    List<Throwable> chain = causeChain(failure);
    if (chain.stream().anyMatch(SchemaRegistryUnavailableException.class::isInstance)) {
      return DeadLetterReason.RETRIES_EXHAUSTED;
    }
    if (chain.stream()
        .anyMatch(
            cause ->
                cause instanceof DeserializationException
                    || cause instanceof UndecodableRecordException)) {
      return DeadLetterReason.UNDECODABLE;
    }
    for (Throwable cause : chain) {
      if (cause instanceof GatewayAccessException gateway) {
        return gateway.isRetriable()
            ? DeadLetterReason.RETRIES_EXHAUSTED
            : DeadLetterReason.PERMANENT_FAILURE;
      }
      if (cause instanceof IllegalArgumentException
          || cause instanceof NullPointerException
          || cause instanceof ClassCastException
          || cause instanceof MessageConversionException
          || cause instanceof SerializationException) {
        return DeadLetterReason.PERMANENT_FAILURE;
      }
    }
    return DeadLetterReason.RETRIES_EXHAUSTED;
  }

  private static List<Throwable> causeChain(Throwable failure) {
    List<Throwable> chain = new ArrayList<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
      chain.add(cause);
    }
    return chain;
  }
}

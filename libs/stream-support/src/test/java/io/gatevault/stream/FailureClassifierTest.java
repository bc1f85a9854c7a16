package io.gatevault.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.core.gateway.GatewayResponseRejectedException;
import io.gatevault.core.gateway.GatewayUnreachableException;
import io.gatevault.messaging.registry.SchemaRegistryUnavailableException;
import io.gatevault.messaging.serde.RecordLocation;
import io.gatevault.messaging.serde.UndecodableRecordException;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.messaging.MessagingException;

class FailureClassifierTest {

  @Test
  void validationErrorWrappedByTheBinderIsPermanent() {
    Exception failure =
        new MessagingException("handler failed", new IllegalArgumentException("bad"));

    assertThat(FailureClassifier.reasonFor(failure)).isEqualTo(DeadLetterReason.PERMANENT_FAILURE);
    assertThat(FailureClassifier.isTransient(failure)).isFalse();
  }

  @Test
  void unreadableBytesAreUndecodable() {
    Exception failure =
        new DeserializationException(
            "failed",
            new byte[] {1},
            false,
            new UndecodableRecordException(RecordLocation.ofTopic("t"), "not wire format"));

    assertThat(FailureClassifier.reasonFor(failure)).isEqualTo(DeadLetterReason.UNDECODABLE);
  }

  @Test
  void unreachableRegistryIsTransientEvenInsideADeserializationError() {
    Exception failure =
        new DeserializationException(
            "failed",
            new byte[] {0, 0, 0, 0, 1},
            false,
            new SerializationException(
                "registry", new SchemaRegistryUnavailableException("connection refused", null)));

    assertThat(FailureClassifier.isTransient(failure)).isTrue();
  }

  @Test
  void gatewayFailuresFollowTheAdaptersClassification() {
    assertThat(
            FailureClassifier.isTransient(
                new MessagingException("x", new GatewayUnreachableException("gw", "down", null))))
        .isTrue();
    assertThat(
            FailureClassifier.reasonFor(
                new MessagingException("x", new GatewayResponseRejectedException("gw", "html"))))
        .isEqualTo(DeadLetterReason.PERMANENT_FAILURE);
  }

  @Test
  void ioErrorIsTransient() {
    assertThat(FailureClassifier.isTransient(new RuntimeException(new IOException("reset"))))
        .isTrue();
  }
}

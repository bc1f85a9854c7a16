package io.gatevault.replicate.adapter;

import io.gatevault.replicate.application.TargetSkippedException;
import io.gatevault.replicate.application.TargetWritePolicy;
import io.gatevault.replicate.application.WriteFailure;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import java.util.function.Supplier;

/**
 * {@link TargetWritePolicy} with Resilience4j: per target, a circuit breaker around a retry. The
 * breaker is outside, so it counts one outcome per write (after its retries) and an open breaker
 * refuses a write at once; the retry repeats only {@link WriteFailure#TRANSIENT} failures, with
 * exponential back-off and jitter. Permanent failures end the write at once; only those that say
 * the target is unhealthy (I/O, timeouts, permission) count against its breaker.
 */
public final class Resilience4jTargetWritePolicy implements TargetWritePolicy {

  private final RetryRegistry retries;
  private final CircuitBreakerRegistry breakers;

  public Resilience4jTargetWritePolicy(ReplicateProperties.Resilience settings) {
    this.retries =
        RetryRegistry.of(
            RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .intervalFunction(
                    IntervalFunction.ofExponentialRandomBackoff(
                        settings.initialBackoff(),
                        settings.backoffMultiplier(),
                        settings.jitter(),
                        settings.maxBackoff()))
                .retryOnException(failure -> WriteFailure.of(failure).isRetriable())
                .failAfterMaxAttempts(false)
                .build());
    this.breakers =
        CircuitBreakerRegistry.of(
            CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.slidingWindowSize())
                .minimumNumberOfCalls(settings.minimumCalls())
                .failureRateThreshold(settings.failureRateThreshold())
                .waitDurationInOpenState(settings.openDuration())
                .permittedNumberOfCallsInHalfOpenState(settings.halfOpenCalls())
                .recordException(failure -> WriteFailure.of(failure).countsAgainstTarget())
                .build());
  }

  @Override
  public <T> T write(String targetId, Supplier<T> write) {
    CircuitBreaker breaker = breakers.circuitBreaker(targetId);
    Retry retry = retries.retry(targetId);
    try {
      return breaker.executeSupplier(Retry.decorateSupplier(retry, write));
    } catch (CallNotPermittedException e) {
      throw new TargetSkippedException(targetId, breaker.getState().name(), e);
    }
  }

  /** The breaker state of a target, for logs and tests: CLOSED, OPEN, HALF_OPEN. */
  public String breakerState(String targetId) {
    return breakers.circuitBreaker(targetId).getState().name();
  }
}

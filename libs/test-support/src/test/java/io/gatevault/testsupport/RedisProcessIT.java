package io.gatevault.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real redis-server started and stopped by its PID; skipped, saying so, when not installed. */
class RedisProcessIT {

  @BeforeAll
  static void needsRedis() {
    Assumptions.assumeTrue(RedisProcess.isInstalled(), RedisProcess.NOT_INSTALLED);
  }

  @Test
  void startedRedisAnswersOnItsOwnLoopbackPortWithoutPersistence() {
    try (RedisProcess redis = RedisProcess.start()) {
      assertThat(redis.isRunning()).isTrue();
      assertThat(redis.command("PING")).isEqualTo("+PONG");
      assertThat(redis.command("SET", "k", "v")).isEqualTo("+OK");
      assertThat(redis.command("CONFIG", "GET", "appendonly")).isEqualTo("*2");
      assertThat(redis.log()).contains("Ready to accept connections");
    }
  }

  @Test
  void closedRedisNoLongerRunsNorAnswers() {
    RedisProcess redis = RedisProcess.start();
    long pid = redis.pid();

    redis.close();

    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThatThrownBy(() -> redis.command("PING")).isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void twoRedisesRunSideBySideOnDifferentPorts() {
    try (RedisProcess first = RedisProcess.start();
        RedisProcess second = RedisProcess.start()) {
      first.command("SET", "only-in-first", "1");

      assertThat(first.port()).isNotEqualTo(second.port());
      assertThat(second.command("EXISTS", "only-in-first")).isEqualTo(":0");
      assertThat(first.command("EXISTS", "only-in-first")).isEqualTo(":1");
    }
  }
}

package io.gatevault.messaging.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LruCacheTest {

  @Test
  void leastRecentlyUsedEntryIsEvictedAtCapacity() {
    LruCache<String, Integer> cache = new LruCache<>(2);
    cache.put("a", 1);
    cache.put("b", 2);
    cache.get("a");
    cache.put("c", 3);

    assertThat(cache.get("a")).contains(1);
    assertThat(cache.get("b")).isEmpty();
    assertThat(cache.get("c")).contains(3);
    assertThat(cache.size()).isEqualTo(2);
  }
}

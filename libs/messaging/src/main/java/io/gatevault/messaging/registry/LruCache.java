package io.gatevault.messaging.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A thread-safe cache that holds at most {@code capacity} entries and evicts the least recently
 * used one. Schemas and ids never change once registered, so entries need no expiry; the bound only
 * keeps a long-running process with many topics from growing without limit.
 */
public final class LruCache<K, V> {

  private final int capacity;
  private final LinkedHashMap<K, V> entries;

  public LruCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("cache capacity must be at least 1, was " + capacity);
    }
    this.capacity = capacity;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > LruCache.this.capacity;
          }
        };
  }

  public synchronized Optional<V> get(K key) {
    return Optional.ofNullable(entries.get(key));
  }

  public synchronized void put(K key, V value) {
    entries.put(key, value);
  }

  /**
   * Returns the cached value or computes it outside the lock, so a slow registry call does not
   * block readers of other keys. Two threads may compute the same key; both get the same answer.
   */
  public V computeIfAbsent(K key, Function<K, V> compute) {
    Optional<V> cached = get(key);
    if (cached.isPresent()) {
      return cached.get();
    }
    V value = compute.apply(key);
    put(key, value);
    return value;
  }

  public synchronized int size() {
    return entries.size();
  }

  public int capacity() {
    return capacity;
  }
}

package io.gatevault.stream;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A compacted topic that holds a service's private state, one value per key: read from the
 * beginning once, then caught up to the end before each use, written synchronously (acks=all,
 * idempotent, compressed).
 *
 * <p>A value larger than {@link #DEFAULT_CHUNK_BYTES} is split so that no record reaches Kafka's 1
 * MB limit: first its chunks, each on its own key {@code <key>#chunk/<generation>/<index>} with a
 * header naming the key, generation and index; then, on the key itself, a head record (empty value)
 * whose header names the generation, the number of chunks, the length and the SHA-256 of the whole
 * value; last, tombstones for the chunks of every older generation of that key. A reader assembles
 * a value only from the chunks of the generation its head names and only when the checksum matches,
 * so it never mixes two generations: a writer that crashed before its head leaves the previous
 * value readable (its orphan chunks are tombstoned by the next write). A value written whole (every
 * value of older versions, and every small value) is read as before. Keys must not contain {@code
 * #chunk/}.
 *
 * <p>Kafka failures surface as {@link IllegalStateException} naming the topic and what happens next
 * (transient).
 */
public final class CompactedTopic implements AutoCloseable {

  /** Largest value written as one record, and the size of each chunk of a larger one. */
  public static final int DEFAULT_CHUNK_BYTES = 512 * 1024;

  /** Header of a head record: {@code <generation> <chunks> <length> <sha256>}. */
  static final String HEAD_HEADER = "gatevault-chunked";

  /** Header of a chunk (and of its tombstone): {@code <generation> <index>}. */
  static final String CHUNK_HEADER = "gatevault-chunk";

  /** Header of a chunk (and of its tombstone): the key whose value it is part of. */
  static final String CHUNK_OF_HEADER = "gatevault-chunk-of";

  static final String CHUNK_KEY_MARK = "#chunk/";

  /** Receives each current value read from the topic. */
  @FunctionalInterface
  public interface ValueHandler {
    /**
     * @param key the record key
     * @param value the whole value (assembled when it was written in chunks)
     * @param position topic-partition@offset of the record that completed it, for messages
     */
    void accept(String key, byte[] value, String position);
  }

  private static final Logger log = LoggerFactory.getLogger(CompactedTopic.class);

  private final String topic;
  private final Duration timeout;
  private final String keeps;
  private final String whenItFails;
  private final int chunkBytes;
  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, byte[]> producer;
  private List<TopicPartition> partitions;

  /** Chunk keys not yet tombstoned, per key they belong to. */
  private final Map<String, Set<String>> chunkKeys = new HashMap<>();

  /** Chunk bytes read but not yet assembled, by chunk key. */
  private final Map<String, Chunk> chunks = new HashMap<>();

  /**
   * @param clientConfig bootstrap servers and security settings ({@link KafkaConnection})
   * @param topic the compacted topic
   * @param timeout how long reading to the end or writing a record may take
   * @param keeps what the topic keeps, for the message when it is missing ("capture keeps backup
   *     numbers")
   * @param whenItFails what happens after a failure, for messages ("the command is retried")
   */
  public CompactedTopic(
      Map<String, Object> clientConfig,
      String topic,
      Duration timeout,
      String keeps,
      String whenItFails) {
    this(clientConfig, topic, timeout, keeps, whenItFails, DEFAULT_CHUNK_BYTES);
  }

  CompactedTopic(
      Map<String, Object> clientConfig,
      String topic,
      Duration timeout,
      String keeps,
      String whenItFails,
      int chunkBytes) {
    this.topic = topic;
    this.timeout = timeout;
    this.keeps = keeps;
    this.whenItFails = whenItFails;
    this.chunkBytes = chunkBytes;
    Map<String, Object> consumerConfig = new HashMap<>(clientConfig);
    consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // A missing topic must not be auto-created with the broker's defaults (it must be compacted).
    consumerConfig.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumerConfig.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    this.consumer =
        new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
    Map<String, Object> producerConfig = new HashMap<>(clientConfig);
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
    producerConfig.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip");
    producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    this.producer =
        new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
  }

  /**
   * Reads what was written since the last call (everything on the first) up to the end the topic
   * has now, handing each current value to {@code handler}: whole values in topic order, values
   * written in chunks once their head and all its chunks are read. Tombstones are skipped.
   *
   * @throws IllegalStateException when the topic is missing (naming the fix) or cannot be read in
   *     time
   */
  public synchronized void catchUp(ValueHandler handler) {
    Map<String, List<ConsumerRecord<String, byte[]>>> heads = new LinkedHashMap<>();
    try {
      if (partitions == null) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
          throw new IllegalStateException(
              "Topic "
                  + topic
                  + " does not exist: "
                  + keeps
                  + " there. Let the services provision topics, or create it as"
                  + " infra/kafka/topics.sh does");
        }
        List<TopicPartition> assigned =
            infos.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
        partitions = assigned;
      }
      ReadToEnd.read(consumer, topic, timeout, record -> read(record, heads, handler));
    } catch (KafkaException e) {
      throw new IllegalStateException(
          "Could not read " + topic + ": " + e.getMessage() + "; " + whenItFails, e);
    } catch (ReadToEnd.TimedOut e) {
      throw new IllegalStateException(e.getMessage() + "; " + whenItFails, e);
    }
    // A head is written after all its chunks were acknowledged, so once the read reached the end
    // it had when it began, every chunk of every head read is here too. The newest head that
    // assembles wins; an older one is the fallback while compaction has not removed it.
    heads.forEach(
        (key, written) -> {
          for (int newest = written.size() - 1; newest >= 0; newest--) {
            ConsumerRecord<String, byte[]> head = written.get(newest);
            Optional<byte[]> value = assemble(key, head);
            if (value.isPresent()) {
              handler.accept(key, value.get(), position(head));
              return;
            }
          }
        });
  }

  private void read(
      ConsumerRecord<String, byte[]> record,
      Map<String, List<ConsumerRecord<String, byte[]>>> heads,
      ValueHandler handler) {
    String key = record.key();
    if (key == null) {
      return;
    }
    String chunkOf = header(record, CHUNK_OF_HEADER);
    if (chunkOf != null) {
      if (record.value() == null) {
        chunks.remove(key);
        Set<String> live = chunkKeys.get(chunkOf);
        if (live != null) {
          live.remove(key);
        }
      } else {
        chunkKeys.computeIfAbsent(chunkOf, k -> new HashSet<>()).add(key);
        chunks.put(key, new Chunk(header(record, CHUNK_HEADER), record.value()));
      }
      return;
    }
    if (record.value() == null) {
      return;
    }
    if (header(record, HEAD_HEADER) != null) {
      heads.computeIfAbsent(key, k -> new ArrayList<>()).add(record);
      return;
    }
    heads.remove(key);
    handler.accept(key, record.value(), position(record));
  }

  private Optional<byte[]> assemble(String key, ConsumerRecord<String, byte[]> head) {
    String[] fields = header(head, HEAD_HEADER).split(" ");
    try {
      String generation = fields[0];
      int count = Integer.parseInt(fields[1]);
      int length = Integer.parseInt(fields[2]);
      String sha256 = fields[3];
      byte[] value = new byte[length];
      int filled = 0;
      for (int index = 0; index < count; index++) {
        Chunk chunk = chunks.get(chunkKey(key, generation, index));
        if (chunk == null || !chunk.header().equals(generation + " " + index)) {
          log.warn(
              "Kept the previous value of {} on {}: chunk {} of {} of generation {} (head at {}) is"
                  + " missing",
              key,
              topic,
              index + 1,
              count,
              generation,
              position(head));
          return Optional.empty();
        }
        if (filled + chunk.bytes().length > length) {
          filled = length + 1;
          break;
        }
        System.arraycopy(chunk.bytes(), 0, value, filled, chunk.bytes().length);
        filled += chunk.bytes().length;
      }
      if (filled != length || !sha256(value).equals(sha256)) {
        log.warn(
            "Kept the previous value of {} on {}: the chunks of generation {} (head at {}) do not"
                + " add up to the {} bytes and checksum the head names",
            key,
            topic,
            generation,
            position(head),
            length);
        return Optional.empty();
      }
      for (int index = 0; index < count; index++) {
        chunks.remove(chunkKey(key, generation, index));
      }
      return Optional.of(value);
    } catch (RuntimeException e) {
      log.warn(
          "Skipped unreadable chunked head of {} at {}: {}", key, position(head), e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Writes {@code value} as the key's current value (in chunks when larger than the chunk size) and
   * waits until the broker has it; then removes the key's older chunks.
   *
   * @param what names the value in the error ("version 3 of gateway caddy-prod")
   * @throws IllegalStateException when the broker does not take it in time
   */
  public synchronized void write(String key, byte[] value, String what) {
    if (key.contains(CHUNK_KEY_MARK)) {
      throw new IllegalArgumentException(
          "Key " + key + " contains " + CHUNK_KEY_MARK + ", which marks chunk keys on " + topic);
    }
    String generation = null;
    if (value.length <= chunkBytes) {
      await(List.of(producer.send(new ProducerRecord<>(topic, key, value))), what);
    } else {
      generation = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
      int count = (value.length + chunkBytes - 1) / chunkBytes;
      List<Future<?>> sent = new ArrayList<>();
      List<String> written = new ArrayList<>();
      for (int index = 0; index < count; index++) {
        int from = index * chunkBytes;
        byte[] part = Arrays.copyOfRange(value, from, Math.min(value.length, from + chunkBytes));
        String chunkKey = chunkKey(key, generation, index);
        sent.add(producer.send(chunkRecord(key, chunkKey, generation + " " + index, part)));
        written.add(chunkKey);
      }
      await(sent, what + " (" + count + " chunks)");
      chunkKeys.computeIfAbsent(key, k -> new HashSet<>()).addAll(written);
      RecordHeaders headers = new RecordHeaders();
      headers.add(
          HEAD_HEADER,
          (generation + " " + count + " " + value.length + " " + sha256(value))
              .getBytes(StandardCharsets.UTF_8));
      await(
          List.of(producer.send(new ProducerRecord<>(topic, null, key, new byte[0], headers))),
          what);
    }
    tombstoneChunksOf(key, generation);
  }

  private void tombstoneChunksOf(String key, String keptGeneration) {
    Set<String> live = chunkKeys.getOrDefault(key, Set.of());
    String kept = keptGeneration == null ? null : key + CHUNK_KEY_MARK + keptGeneration + "/";
    List<String> old =
        live.stream().filter(chunkKey -> kept == null || !chunkKey.startsWith(kept)).toList();
    if (old.isEmpty()) {
      return;
    }
    List<Future<?>> sent = new ArrayList<>();
    for (String chunkKey : old) {
      sent.add(producer.send(chunkRecord(key, chunkKey, "", null)));
    }
    try {
      await(sent, old.size() + " tombstone(s) of older chunks of " + key);
      live.removeAll(old);
      old.forEach(chunks::remove);
    } catch (IllegalStateException e) {
      // The value is written; the old chunks are only space. The next write tombstones them.
      log.warn("{}", e.getMessage());
    }
  }

  private ProducerRecord<String, byte[]> chunkRecord(
      String key, String chunkKey, String chunkHeader, byte[] bytes) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(CHUNK_OF_HEADER, key.getBytes(StandardCharsets.UTF_8));
    headers.add(CHUNK_HEADER, chunkHeader.getBytes(StandardCharsets.UTF_8));
    return new ProducerRecord<>(topic, null, chunkKey, bytes, headers);
  }

  private void await(List<? extends Future<?>> sent, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      for (Future<?> future : sent) {
        future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while recording " + what + " on " + topic, e);
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      throw new IllegalStateException(
          "Could not record "
              + what
              + " on "
              + topic
              + " within "
              + timeout.toSeconds()
              + " s: "
              + e.getMessage()
              + ". "
              + Character.toUpperCase(whenItFails.charAt(0))
              + whenItFails.substring(1)
              + "; check the broker is reachable",
          e);
    }
  }

  static String chunkKey(String key, String generation, int index) {
    return key + CHUNK_KEY_MARK + generation + "/" + index;
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static String position(ConsumerRecord<String, byte[]> record) {
    return record.topic() + "-" + record.partition() + "@" + record.offset();
  }

  private static String sha256(byte[] value) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  @Override
  public synchronized void close() {
    producer.close(Duration.ofSeconds(5));
    consumer.close(Duration.ofSeconds(5));
  }

  private record Chunk(String header, byte[] bytes) {}
}

package io.gatevault.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads fixed-size segments of a stream on a background thread while the caller's thread seals or
 * opens the previous one, so reading and the cipher overlap on two cores: file to file, sealing ran
 * at about half the speed of a plain copy when both happened on one thread (docs/benchmarks.md).
 *
 * <p>Memory: {@code depth + 1} segment buffers. A segment shorter than the segment length (or
 * empty) is the stream's last. The thread ends when the stream does, when {@link #close()} is
 * called, or on a read error, which {@link #next()} rethrows. Not for use by more than one consumer
 * thread.
 */
final class SegmentReadAhead implements AutoCloseable {

  /** One segment read: {@code length} bytes of {@code buffer}; fewer than its size means last. */
  record Segment(byte[] buffer, int length) {}

  /** What is done with each segment, in order. */
  interface SegmentHandler {
    /**
     * @param segment the segment's bytes, valid only during this call
     * @param length bytes of {@code segment} that belong to it
     * @param followingLength bytes read of the segment after it (0: this is the last one)
     */
    void handle(byte[] segment, int length, int followingLength) throws IOException;
  }

  /** Segments read ahead of the one being handled. */
  static final int DEPTH = 2;

  /**
   * Reads {@code in} in segments of {@code segmentLength} bytes and hands each to {@code handler}
   * with the length of the one after it (a segment is the last when nothing follows it). The first
   * segment is read on the caller's thread; only a stream longer than one segment starts the
   * read-ahead thread, so small artifacts cost no thread.
   */
  static void readSegments(InputStream in, int segmentLength, SegmentHandler handler)
      throws IOException {
    byte[] first = new byte[segmentLength];
    int firstLength = StreamingSealer.readFully(in, first);
    if (firstLength < segmentLength) {
      handler.handle(first, firstLength, 0);
      return;
    }
    try (SegmentReadAhead ahead = new SegmentReadAhead(in, segmentLength, DEPTH)) {
      byte[] current = first;
      int currentLength = firstLength;
      Segment held = null;
      while (true) {
        // Only a full segment can have a successor; a shorter one is the last.
        Segment following = currentLength == segmentLength ? ahead.next() : null;
        int followingLength = following == null ? 0 : following.length();
        handler.handle(current, currentLength, followingLength);
        if (held != null) {
          ahead.release(held);
        }
        if (followingLength == 0) {
          return;
        }
        held = following;
        current = following.buffer();
        currentLength = following.length();
      }
    }
  }

  private static final Segment END_OF_FAILURE = new Segment(new byte[0], -1);

  private final BlockingQueue<byte[]> free;
  private final BlockingQueue<Segment> filled;
  private final Thread reader;
  private volatile boolean closed;
  private volatile IOException failure;

  /**
   * Starts reading {@code in} in segments of {@code segmentLength} bytes.
   *
   * @param depth segments read ahead of the consumer (at least 1)
   */
  SegmentReadAhead(InputStream in, int segmentLength, int depth) {
    this.free = new ArrayBlockingQueue<>(depth + 1);
    this.filled = new ArrayBlockingQueue<>(depth + 1);
    for (int i = 0; i < depth + 1; i++) {
      free.add(new byte[segmentLength]);
    }
    this.reader = new Thread(() -> readAll(in, segmentLength), "gatevault-gvx-read-ahead");
    reader.setDaemon(true);
    reader.start();
  }

  private void readAll(InputStream in, int segmentLength) {
    try {
      while (!closed) {
        byte[] buffer = free.poll(100, TimeUnit.MILLISECONDS);
        if (buffer == null) {
          continue;
        }
        int length = StreamingSealer.readFully(in, buffer);
        filled.put(new Segment(buffer, length));
        if (length < segmentLength) {
          return;
        }
      }
    } catch (IOException e) {
      failure = e;
      filled.offer(END_OF_FAILURE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The next segment, waiting for it to be read; its buffer must be {@link #release}d. */
  Segment next() throws IOException {
    try {
      while (true) {
        Segment segment = filled.poll(100, TimeUnit.MILLISECONDS);
        if (segment == END_OF_FAILURE) {
          throw failure;
        }
        if (segment != null) {
          return segment;
        }
        if (!reader.isAlive() && filled.isEmpty()) {
          throw failure != null
              ? failure
              : new IOException("the read-ahead thread ended before the stream did");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the next segment");
    }
  }

  /** Hands a segment's buffer back for reading further. */
  void release(Segment segment) {
    free.offer(segment.buffer());
  }

  /**
   * Stops reading. After the stream's end the thread has already finished; after an error on the
   * consumer's side it finishes its current read (bounded by the stream's own timeouts) and stops.
   */
  @Override
  public void close() {
    closed = true;
    try {
      reader.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

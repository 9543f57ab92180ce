package dev.surge.app.ids;

import java.time.Clock;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Time-ordered 64-bit ids (Snowflake layout): 41 bits of milliseconds since {@link #EPOCH}, 10 bits
 * of node id, 12 bits of sequence within the millisecond. Ids from one node strictly increase; ids
 * from different nodes never collide as long as their node ids differ.
 *
 * <p>When the clock steps back, the generator keeps using its last timestamp (borrowing sequence
 * numbers) rather than repeating an id.
 */
public final class TimeOrderedIds implements LongSupplier {

  public static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");
  public static final int NODE_BITS = 10;
  public static final int SEQUENCE_BITS = 12;
  public static final int MAX_NODE = (1 << NODE_BITS) - 1;

  private static final long SEQUENCE_MASK = (1L << SEQUENCE_BITS) - 1;

  private final Clock clock;
  private final long node;
  private long lastMillis = -1;
  private long sequence;

  public TimeOrderedIds(Clock clock, int node) {
    if (node < 0 || node > MAX_NODE) {
      throw new IllegalArgumentException("node must be in [0, " + MAX_NODE + "], was " + node);
    }
    this.clock = clock;
    this.node = node;
  }

  @Override
  public synchronized long getAsLong() {
    long millis = Math.max(clock.millis() - EPOCH.toEpochMilli(), lastMillis);
    if (millis == lastMillis) {
      sequence = (sequence + 1) & SEQUENCE_MASK;
      if (sequence == 0) {
        millis = ++lastMillis; // 4096 ids in one millisecond: borrow the next one.
      }
    } else {
      sequence = 0;
    }
    lastMillis = millis;
    return (millis << (NODE_BITS + SEQUENCE_BITS)) | (node << SEQUENCE_BITS) | sequence;
  }

  /** The instant encoded in {@code id}. */
  public static Instant instantOf(long id) {
    return EPOCH.plusMillis(id >>> (NODE_BITS + SEQUENCE_BITS));
  }

  /** The node that generated {@code id}. */
  public static int nodeOf(long id) {
    return (int) ((id >>> SEQUENCE_BITS) & MAX_NODE);
  }
}

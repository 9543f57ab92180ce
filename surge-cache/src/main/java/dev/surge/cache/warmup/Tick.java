package dev.surge.cache.warmup;

import java.time.Instant;
import java.util.Objects;

/**
 * One tick of a {@link TickSource}: the loop's generation (bumped each time the loop is re-seeded),
 * its sequence within that generation, and when this instance received it.
 */
public record Tick(long generation, long sequence, Instant at) {

  public Tick {
    Objects.requireNonNull(at, "at");
  }
}

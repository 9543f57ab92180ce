package dev.surge.cache.hot;

import java.util.Arrays;
import java.util.Objects;

/**
 * The call history of one key as flushed to Redis: when it was last called and its counts per hour,
 * newest first ({@code hourlyCounts[0]} is the current hour).
 */
public record KeyStats(String key, long lastCallMillis, long[] hourlyCounts) {

  public KeyStats {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(hourlyCounts, "hourlyCounts");
    hourlyCounts = hourlyCounts.clone();
    for (long count : hourlyCounts) {
      if (count < 0) {
        throw new IllegalArgumentException("hourly counts must be >= 0: " + this);
      }
    }
  }

  /** The count of the hour {@code hoursAgo} before the current one, 0 outside the history. */
  public long count(int hoursAgo) {
    return hoursAgo < hourlyCounts.length ? hourlyCounts[hoursAgo] : 0;
  }

  public int hours() {
    return hourlyCounts.length;
  }

  @Override
  public long[] hourlyCounts() {
    return hourlyCounts.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyStats other
        && key.equals(other.key)
        && lastCallMillis == other.lastCallMillis
        && Arrays.equals(hourlyCounts, other.hourlyCounts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, lastCallMillis, Arrays.hashCode(hourlyCounts));
  }

  @Override
  public String toString() {
    return "KeyStats["
        + key
        + ", last="
        + lastCallMillis
        + ", "
        + Arrays.toString(hourlyCounts)
        + "]";
  }
}

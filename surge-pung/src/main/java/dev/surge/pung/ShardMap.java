package dev.surge.pung;

import java.util.Arrays;
import java.util.Objects;

/**
 * Which shard database holds each {@link Bucket}; immutable.
 *
 * <p>Written as {@code "0-511=0,512-1023=1"}: every bucket in {@code [0, buckets)} must be assigned
 * exactly once. Moving a range to a new database is a configuration change plus a copy of that
 * range's rows ({@link BucketMover}, docs/pung.md).
 */
public final class ShardMap {

  private final int[] shardOfBucket;
  private final int shards;

  private ShardMap(int[] shardOfBucket, int shards) {
    this.shardOfBucket = shardOfBucket;
    this.shards = shards;
  }

  /** Contiguous, equal ranges of {@code buckets} over {@code shards} databases. */
  public static ShardMap evenly(int buckets, int shards) {
    requireCounts(buckets, shards);
    int[] map = new int[buckets];
    for (int b = 0; b < buckets; b++) {
      map[b] = (int) ((long) b * shards / buckets);
    }
    return new ShardMap(map, shards);
  }

  /**
   * Parses {@code "from-to=shard,..."} (inclusive ranges; a single bucket may omit {@code -to}).
   */
  public static ShardMap parse(String spec, int buckets, int shards) {
    Objects.requireNonNull(spec, "spec");
    requireCounts(buckets, shards);
    int[] map = new int[buckets];
    Arrays.fill(map, -1);
    for (String part : spec.split(",")) {
      String entry = part.trim();
      int eq = entry.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException(
            "bucket map entry '" + entry + "' must be from-to=shard");
      }
      BucketRange range = BucketRange.parse(entry.substring(0, eq), buckets);
      int shard = parseInt(entry.substring(eq + 1).trim(), entry);
      if (shard < 0 || shard >= shards) {
        throw new IllegalArgumentException(
            "shard " + shard + " in '" + entry + "' must be in [0, " + shards + ")");
      }
      for (int b = range.first(); b <= range.last(); b++) {
        if (map[b] >= 0) {
          throw new IllegalArgumentException("bucket " + b + " is assigned twice");
        }
        map[b] = shard;
      }
    }
    for (int b = 0; b < buckets; b++) {
      if (map[b] < 0) {
        throw new IllegalArgumentException("bucket " + b + " is not assigned to any shard");
      }
    }
    return new ShardMap(map, shards);
  }

  public int buckets() {
    return shardOfBucket.length;
  }

  public int shards() {
    return shards;
  }

  public Bucket bucketOf(long viewerId) {
    return Bucket.of(viewerId, shardOfBucket.length);
  }

  public int shardOf(Bucket bucket) {
    return shardOfBucket[bucket.index()];
  }

  public int shardOf(long viewerId) {
    return shardOf(bucketOf(viewerId));
  }

  /** Whether this map assigns any bucket of {@code range} to {@code shard}. */
  public boolean assignsAny(BucketRange range, int shard) {
    if (!range.within(shardOfBucket.length)) {
      throw new IllegalArgumentException(BucketRange.notWithin(range, shardOfBucket.length));
    }
    for (int b = range.first(); b <= range.last(); b++) {
      if (shardOfBucket[b] == shard) {
        return true;
      }
    }
    return false;
  }

  private static void requireCounts(int buckets, int shards) {
    if (buckets < 1) {
      throw new IllegalArgumentException("buckets must be >= 1, was " + buckets);
    }
    if (shards < 1 || shards > buckets) {
      throw new IllegalArgumentException(
          "shards must be in [1, buckets=" + buckets + "], was " + shards);
    }
  }

  private static int parseInt(String text, String entry) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bucket map entry '" + entry + "' is not numeric", e);
    }
  }
}

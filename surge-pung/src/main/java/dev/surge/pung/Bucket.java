package dev.surge.pung;

/**
 * A logical inbox bucket: viewers are hashed into a fixed number of buckets, and buckets (not
 * viewers) are assigned to shard databases, so adding a database moves whole buckets instead of
 * rehashing every row.
 */
public record Bucket(int index) {

  /** The default number of buckets; fixed for the life of the data (changing it rehashes all). */
  public static final int DEFAULT_COUNT = 1024;

  public Bucket {
    if (index < 0) {
      throw new IllegalArgumentException("bucket index must be >= 0, was " + index);
    }
  }

  /** The bucket of {@code viewerId} among {@code count} buckets. */
  public static Bucket of(long viewerId, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("bucket count must be >= 1, was " + count);
    }
    return new Bucket((int) Math.floorMod(mix(viewerId), (long) count));
  }

  /** A 64-bit finalizer (SplitMix64) so consecutive user ids spread over all buckets. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}

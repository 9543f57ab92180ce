package dev.surge.pung;

/**
 * An inclusive range of bucket indexes, {@code first-last}: the unit a {@link ShardMap} assigns to
 * a shard and a {@link BucketMover} moves between shards.
 */
public record BucketRange(int first, int last) {

  public BucketRange {
    if (first < 0 || first > last) {
      throw new IllegalArgumentException(
          "bucket range " + first + "-" + last + " needs 0 <= first <= last");
    }
  }

  /**
   * Parses {@code "from-to"} or a single {@code "bucket"}, which must lie within {@code [0,
   * buckets)}.
   */
  public static BucketRange parse(String text, int buckets) {
    String range = text.trim();
    int dash = range.indexOf('-');
    int from = parseInt(dash < 0 ? range : range.substring(0, dash), range);
    int to = dash < 0 ? from : parseInt(range.substring(dash + 1), range);
    if (from < 0 || to >= buckets || from > to) {
      throw new IllegalArgumentException(notWithin(range, buckets));
    }
    return new BucketRange(from, to);
  }

  public boolean contains(Bucket bucket) {
    return bucket.index() >= first && bucket.index() <= last;
  }

  /** Whether every bucket of this range exists among {@code buckets} buckets. */
  public boolean within(int buckets) {
    return last < buckets;
  }

  static String notWithin(Object range, int buckets) {
    return "bucket range " + range + " must lie within 0-" + (buckets - 1);
  }

  @Override
  public String toString() {
    return first + "-" + last;
  }

  private static int parseInt(String text, String range) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bucket range '" + range + "' is not numeric", e);
    }
  }
}

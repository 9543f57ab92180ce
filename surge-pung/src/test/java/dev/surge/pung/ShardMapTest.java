package dev.surge.pung;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.surge.pung.internal.FanoutMessage;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShardMapTest {

  @Test
  void evenMapSplitsBucketsIntoContiguousRanges() {
    ShardMap map = ShardMap.evenly(1024, 2);
    assertThat(map.shardOf(new Bucket(0))).isZero();
    assertThat(map.shardOf(new Bucket(511))).isZero();
    assertThat(map.shardOf(new Bucket(512))).isEqualTo(1);
    assertThat(map.shardOf(new Bucket(1023))).isEqualTo(1);
  }

  @Test
  void consecutiveViewersSpreadOverBuckets() {
    Set<Integer> buckets = new HashSet<>();
    for (long viewer = 1; viewer <= 2000; viewer++) {
      buckets.add(Bucket.of(viewer, 1024).index());
    }
    assertThat(buckets).hasSizeGreaterThan(800);
    assertThat(Bucket.of(42, 1024)).isEqualTo(Bucket.of(42, 1024));
  }

  @Test
  void parsedMapMovesOnlyTheNamedRange() {
    ShardMap before = ShardMap.parse("0-511=0,512-1023=1", 1024, 3);
    ShardMap after = ShardMap.parse("0-511=0,512-767=1,768-1023=2", 1024, 3);
    for (long viewer = 1; viewer < 5000; viewer++) {
      Bucket b = before.bucketOf(viewer);
      if (b.index() < 768) {
        assertThat(after.shardOf(b)).isEqualTo(before.shardOf(b));
      } else {
        assertThat(after.shardOf(b)).isEqualTo(2);
      }
    }
  }

  @Test
  void badMapsAreRejectedWithTheReason() {
    assertThatThrownBy(() -> ShardMap.parse("0-510=0,512-1023=1", 1024, 2))
        .hasMessageContaining("bucket 511 is not assigned");
    assertThatThrownBy(() -> ShardMap.parse("0-600=0,512-1023=1", 1024, 2))
        .hasMessageContaining("assigned twice");
    assertThatThrownBy(() -> ShardMap.parse("0-1023=2", 1024, 2)).hasMessageContaining("shard 2");
    assertThatThrownBy(() -> ShardMap.parse("0-2000=0", 1024, 1)).hasMessageContaining("0-1023");
    assertThatThrownBy(() -> ShardMap.evenly(2, 3)).hasMessageContaining("shards must be");
  }

  @Test
  void bucketRangesParseLikeMapEntriesAndTellWhetherAMapStillUsesAShard() {
    assertThat(BucketRange.parse(" 768-1023 ", 1024)).isEqualTo(new BucketRange(768, 1023));
    assertThat(BucketRange.parse("5", 1024)).isEqualTo(new BucketRange(5, 5));
    assertThatThrownBy(() -> BucketRange.parse("768-1024", 1024)).hasMessageContaining("0-1023");
    assertThatThrownBy(() -> BucketRange.parse("9-8", 1024)).hasMessageContaining("0-1023");
    assertThatThrownBy(() -> BucketRange.parse("a-8", 1024)).hasMessageContaining("not numeric");
    ShardMap after = ShardMap.parse("0-511=0,512-767=1,768-1023=2", 1024, 3);
    assertThat(after.assignsAny(new BucketRange(768, 1023), 1)).isFalse();
    assertThat(after.assignsAny(new BucketRange(768, 1023), 2)).isTrue();
    assertThat(after.assignsAny(new BucketRange(700, 800), 1)).isTrue();
    assertThat(after.assignsAny(new BucketRange(767, 767), 1)).isTrue();
    assertThat(new BucketRange(768, 1023).contains(new Bucket(1023))).isTrue();
    assertThat(new BucketRange(768, 1023).contains(new Bucket(767))).isFalse();
  }

  @Test
  void fanoutMessagesRoundTrip() {
    FanoutMessage m =
        new FanoutMessage(FanoutMessage.Kind.REMOVE, 7, 8, "펑 text", 1, 2, new long[] {3, 4});
    FanoutMessage back = FanoutMessage.decode(m.encode());
    assertThat(back.kind()).isEqualTo(FanoutMessage.Kind.REMOVE);
    assertThat(back.text()).isEqualTo("펑 text");
    assertThat(back.viewerIds()).containsExactly(3, 4);
    assertThatThrownBy(() -> FanoutMessage.decode(new byte[] {9}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

package dev.surge.pung;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/** Revision values against the machine's Redis: the floor, the TTL, script chunks, Cluster mode. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RevisionsIT {

  private static final Duration TTL = Duration.ofHours(1);

  private RedissonClient redis;
  private String prefix;

  @BeforeAll
  void start() {
    redis = PungHarness.redis();
    prefix = PungHarness.prefix();
  }

  @AfterAll
  void stop() {
    redis.getKeys().deleteByPattern(prefix + "*");
    redis.shutdown();
  }

  private long value(Revisions revisions, long viewer) {
    return Long.parseLong(
        redis.<String>getBucket(revisions.key(viewer), StringCodec.INSTANCE).get());
  }

  @Test
  void createdAndBumpedValuesGoPastTheFloorEvenWhenItIsAheadOfTheClock() {
    Revisions revisions = new Revisions(redis, prefix + "floor:", TTL);
    long ahead = System.currentTimeMillis() * 1000 + 1_000_000_000L;
    redis.getBucket(prefix + "floor:fv-floor", StringCodec.INSTANCE).set(Long.toString(ahead));

    long created = Long.parseLong(revisions.current(1));
    assertThat(created).isEqualTo(ahead + 1);
    revisions.bump(List.of(1L));
    assertThat(value(revisions, 1)).isEqualTo(ahead + 2);
  }

  @Test
  void aRevisionKeepsTheTtlOfItsCreationAcrossBumps() {
    Revisions revisions = new Revisions(redis, prefix + "ttl:", TTL);
    revisions.current(1);
    long created = redis.getBucket(revisions.key(1)).remainTimeToLive();
    assertThat(created).isBetween(TTL.toMillis() - 60_000, TTL.toMillis());
    redis.getBucket(revisions.key(1)).expire(Duration.ofMinutes(5));

    revisions.bump(List.of(1L));

    assertThat(redis.getBucket(revisions.key(1)).remainTimeToLive())
        .isBetween(1L, Duration.ofMinutes(5).toMillis());
  }

  @Test
  void bumpsOfExactlyOneAndTwoScriptChunksMoveEveryViewerAndCreateNone() {
    Revisions revisions = new Revisions(redis, prefix + "chunks:", TTL);
    for (int size : new int[] {500, 501}) {
      List<Long> viewers = LongStream.range(size * 10L, size * 10L + size).boxed().toList();
      viewers.forEach(revisions::current);
      long missing = size * 10L + size;
      long before = viewers.stream().mapToLong(v -> value(revisions, v)).max().orElseThrow();

      revisions.bump(LongStream.rangeClosed(size * 10L, missing).boxed().toList());

      for (long viewer : viewers) {
        assertThat(value(revisions, viewer))
            .as("viewer %d of %d", viewer, size)
            .isGreaterThan(before);
      }
      assertThat(redis.getBucket(revisions.key(missing)).isExists()).isFalse();
    }
  }

  @Test
  void clusterScriptsMoveEachViewerOnItsOwnIncludingValuesOfOlderVersions() {
    Revisions revisions = new Revisions(redis, prefix + "cluster:", TTL, true);
    long created = Long.parseLong(revisions.current(1));
    redis
        .getBucket(revisions.key(2), StringCodec.INSTANCE)
        .set("99999999999999999/1764000000000", Duration.ofMinutes(5));

    revisions.bump(List.of(1L, 2L, 3L));

    assertThat(value(revisions, 1)).isGreaterThan(created);
    assertThat(value(revisions, 2)).isGreaterThan(99999999999999999L);
    assertThat(redis.getBucket(revisions.key(2)).remainTimeToLive()).isPositive();
    assertThat(redis.getBucket(revisions.key(3)).isExists()).isFalse();
  }
}

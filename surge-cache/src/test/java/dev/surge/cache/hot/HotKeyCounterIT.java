package dev.surge.cache.hot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.surge.cache.Engines;
import dev.surge.testkit.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;

/** Counts flushed by several instances add up in the machine's Redis, per hour. */
class HotKeyCounterIT {

  @RegisterExtension static final Engines.Redis redis = new Engines.Redis();

  private final RedissonClient redisson = redis.client();
  private final String namespace = "test:hot:" + UUID.randomUUID();
  private final SettableClock clock = new SettableClock(Instant.parse("2026-11-25T10:20:00Z"));

  @AfterEach
  void cleanUp() {
    redisson.getKeys().deleteByPattern("{" + namespace + "}*");
  }

  @Test
  void countsFromTwoInstancesAddUpPerHour() {
    HotKeyCounter one = HotKeyCounter.builder(redisson, namespace).clock(clock).build();
    HotKeyCounter two = HotKeyCounter.builder(redisson, namespace).clock(clock).build();
    record(one, "p1", 5);
    record(two, "p1", 7);
    record(two, "p2", 1);
    assertThat(one.flush()).isEqualTo(1);
    assertThat(two.flush()).isEqualTo(2);

    clock.advance(Duration.ofHours(1));
    record(one, "p1", 3);
    one.flush();

    Map<String, KeyStats> stats = byKey(one.stats(24, 100));
    assertThat(stats.get("p1").hourlyCounts()).startsWith(3, 12, 0);
    assertThat(stats.get("p2").hourlyCounts()).startsWith(0, 1, 0);
    assertThat(stats.get("p1").lastCallMillis()).isEqualTo(clock.millis());
    assertThat(stats.get("p2").lastCallMillis())
        .isEqualTo(clock.millis() - Duration.ofHours(1).toMillis());
    assertThat(redisson.getKeys().getKeysByPattern("{" + namespace + "}:h:*"))
        .containsExactlyInAnyOrder(
            "{" + namespace + "}:h:2026112510", "{" + namespace + "}:h:2026112511");
  }

  @Test
  void statsListTheMostRecentKeysWithinTheWindowOnly() {
    HotKeyCounter counter = HotKeyCounter.builder(redisson, namespace).clock(clock).build();
    record(counter, "old", 1);
    counter.flush();
    clock.advance(Duration.ofHours(3));
    record(counter, "new", 1);
    counter.flush();

    assertThat(counter.stats(2, 100)).extracting(KeyStats::key).containsExactly("new");
    assertThat(counter.stats(4, 100)).extracting(KeyStats::key).containsExactly("new", "old");
    assertThat(counter.stats(4, 1)).extracting(KeyStats::key).containsExactly("new");
  }

  @Test
  void concurrentRecordsAreAllCountedAndTheScorerRanksThem() throws Exception {
    HotKeyCounter counter = HotKeyCounter.builder(redisson, namespace).clock(clock).build();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    for (int t = 0; t < 4; t++) {
      pool.execute(
          () -> {
            for (int i = 0; i < 10_000; i++) {
              counter.record(i % 10 == 0 ? "cold" : "hot");
              if (i % 2500 == 0) {
                counter.flush();
              }
            }
          });
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    counter.flush();

    Map<String, KeyStats> stats = byKey(counter.stats(24, 10));
    assertThat(stats.get("hot").count(0)).isEqualTo(36_000);
    assertThat(stats.get("cold").count(0)).isEqualTo(4_000);
    List<HotKey> top = HotKeyScorer.defaults().top(stats.values(), clock.instant(), 5);
    assertThat(top).extracting(HotKey::key).containsExactly("hot", "cold");
    assertThat(top).extracting(HotKey::kind).containsOnly(HotKind.SPIKE);
  }

  @Test
  void closeFlushesWhatIsLeftAndStartFlushesPeriodically() throws Exception {
    HotKeyCounter counter =
        HotKeyCounter.builder(redisson, namespace)
            .clock(clock)
            .flushInterval(Duration.ofMillis(50))
            .build()
            .start();
    counter.record("p", 2);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(counter.stats(1, 10)).hasSize(1));

    counter.record("p", 3);
    counter.close();
    assertThat(counter.stats(1, 10).get(0).count(0)).isEqualTo(5);
  }

  @Test
  void aFullBufferDropsNewKeysAndCountsThem() {
    HotKeyCounter counter =
        HotKeyCounter.builder(redisson, namespace).clock(clock).maxBufferedKeys(2).build();
    counter.record("a");
    counter.record("b");
    counter.record("c", 4);
    counter.record("a");

    assertThat(counter.dropped()).isEqualTo(4);
    assertThat(counter.flush()).isEqualTo(2);
  }

  private static void record(HotKeyCounter counter, String key, int times) {
    for (int i = 0; i < times; i++) {
      counter.record(key);
    }
  }

  private static Map<String, KeyStats> byKey(List<KeyStats> stats) {
    return stats.stream().collect(Collectors.toMap(KeyStats::key, s -> s));
  }
}

package dev.surge.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.surge.testkit.SettableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;

/** Stampedes against the machine's Redis: one origin load per refresh, in a JVM and across two. */
class StampedeIT {

  @RegisterExtension static final Engines.Redis redis = new Engines.Redis();

  private final RedissonClient redisson = redis.client();
  private final List<HybridCache<String, String>> caches = new ArrayList<>();
  private final String name = Engines.uniqueName("stampede");
  private final SettableClock clock = SettableClock.startingNow();

  @AfterEach
  void closeCaches() {
    caches.forEach(HybridCache::close);
  }

  private HybridCache.Builder<String, String> builder(Origin origin, MeterRegistry registry) {
    return HybridCache.<String, String>builder(name)
        .redisson(redisson)
        .codec(ValueCodec.utf8())
        .loader(origin)
        .clock(clock)
        .meterRegistry(registry)
        .redisPrefix("surge-test:" + name)
        .leaseWait(Duration.ofSeconds(3));
  }

  private HybridCache<String, String> build(HybridCache.Builder<String, String> builder) {
    HybridCache<String, String> cache = builder.build();
    caches.add(cache);
    return cache;
  }

  private static double count(MeterRegistry registry, String metric) {
    return registry.get(metric).counter().count();
  }

  @Test
  void fiveHundredConcurrentReadsOfAColdKeyLoadTheOriginOnce() throws Exception {
    Origin origin = new Origin(Duration.ofMillis(300));
    MeterRegistry registry = new SimpleMeterRegistry();
    HybridCache<String, String> cache = build(builder(origin, registry));

    List<Callable<String>> readers = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      readers.add(() -> cache.get("cold"));
    }
    List<String> values = Readers.together(readers);

    assertThat(values).hasSize(500).containsOnly("cold@1");
    assertThat(origin.calls()).isEqualTo(1);
    assertThat(count(registry, HybridCache.METRIC_LOADS)).isEqualTo(1);
    assertThat(count(registry, HybridCache.METRIC_COALESCED)).isPositive();
    double answeredWithoutLoading =
        count(registry, HybridCache.METRIC_COALESCED)
            + count(registry, HybridCache.METRIC_L1_HITS)
            + count(registry, HybridCache.METRIC_L2_HITS);
    assertThat(answeredWithoutLoading).isEqualTo(499);
  }

  @Test
  void aHotKeyExpiringUnderLoadOnTwoInstancesIsLoadedOncePerRefresh() throws Exception {
    Origin origin = new Origin(Duration.ofMillis(100));
    Duration ttl = Duration.ofSeconds(10);
    HybridCache<String, String> a = build(builder(origin, new SimpleMeterRegistry()).ttl(ttl));
    HybridCache<String, String> b = build(builder(origin, new SimpleMeterRegistry()).ttl(ttl));
    assertThat(a.get("hot")).isEqualTo("hot@1");
    assertThat(b.get("hot")).isEqualTo("hot@1");
    assertThat(origin.calls()).isEqualTo(1);

    for (int refresh = 1; refresh <= 4; refresh++) {
      origin.change();
      clock.advance(ttl.plusSeconds(1));
      List<Callable<String>> readers = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        HybridCache<String, String> cache = i % 2 == 0 ? a : b;
        readers.add(
            () -> {
              String last = null;
              for (int n = 0; n < 10; n++) {
                last = cache.get("hot");
              }
              return last;
            });
      }
      List<String> values = Readers.together(readers);

      assertThat(origin.calls())
          .as("origin calls after refresh %d", refresh)
          .isEqualTo(1 + refresh);
      assertThat(values).containsOnly("hot@" + (1 + refresh));
    }
  }

  @Test
  void xfetchRefreshesEarlyInTheBackgroundOnceAcrossInstances() throws Exception {
    Origin origin = new Origin(Duration.ofMillis(50));
    // Each origin call "takes" one second of cache time, so delta = 1 s.
    origin.onCall(() -> clock.advance(Duration.ofSeconds(1)));
    // A fixed draw with -ln(draw) = 10: recompute once within delta * beta * 10 = 10 s of expiry.
    double draw = Math.exp(-10);
    RandomGenerator fixedRandom =
        new RandomGenerator() {
          @Override
          public long nextLong() {
            throw new UnsupportedOperationException();
          }

          @Override
          public double nextDouble() {
            return 1 - draw; // the cache draws 1 - nextDouble() to stay in (0, 1]
          }
        };
    Duration ttl = Duration.ofSeconds(60);
    MeterRegistry registryA = new SimpleMeterRegistry();
    MeterRegistry registryB = new SimpleMeterRegistry();
    HybridCache<String, String> a =
        build(builder(origin, registryA).ttl(ttl).l1Ttl(ttl).random(fixedRandom));
    HybridCache<String, String> b =
        build(builder(origin, registryB).ttl(ttl).l1Ttl(ttl).random(fixedRandom));
    assertThat(a.get("promo")).isEqualTo("promo@1");
    assertThat(b.get("promo")).isEqualTo("promo@1");
    origin.change();

    clock.advance(ttl.minusSeconds(20)); // 20 s before expiry: outside the 10 s window
    assertThat(a.get("promo")).isEqualTo("promo@1");
    assertThat(count(registryA, HybridCache.METRIC_EARLY_REFRESHES)).isZero();

    // The refresh is held inside the origin until every reader has been answered.
    CountDownLatch readersDone = new CountDownLatch(1);
    origin.onCall(
        () -> {
          clock.advance(Duration.ofSeconds(1));
          try {
            readersDone.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    clock.advance(Duration.ofSeconds(15)); // 5 s before expiry: every read draws "recompute"
    List<Callable<String>> readers = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      HybridCache<String, String> cache = i % 2 == 0 ? a : b;
      readers.add(() -> cache.get("promo"));
    }
    List<String> values = Readers.together(readers);

    // Nobody waited for the refresh: it is still running, and every reader got the current value.
    assertThat(values).containsOnly("promo@1");
    await().atMost(Duration.ofSeconds(10)).until(() -> origin.calls() == 2);
    readersDone.countDown();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(a.get("promo")).isEqualTo("promo@2");
              assertThat(b.get("promo")).isEqualTo("promo@2");
            });
    assertThat(origin.calls()).isEqualTo(2);
    assertThat(
            count(registryA, HybridCache.METRIC_EARLY_REFRESHES)
                + count(registryB, HybridCache.METRIC_EARLY_REFRESHES))
        .isPositive();
    assertThat(
            count(registryA, HybridCache.METRIC_LOADS) + count(registryB, HybridCache.METRIC_LOADS))
        .isEqualTo(2);
  }
}

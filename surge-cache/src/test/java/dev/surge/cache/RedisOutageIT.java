package dev.surge.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.surge.testkit.SettableClock;
import dev.surge.testkit.TcpProxy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

/** Redis taken away from one instance by a TCP proxy: reads go on, the origin is not swamped. */
class RedisOutageIT {

  private static final int MAX_LOADS = 4;

  private final String name = Engines.uniqueName("outage");
  private final SettableClock clock = SettableClock.startingNow();
  private final Origin origin = new Origin(Duration.ofMillis(50));
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private TcpProxy link;
  private RedissonClient viaLink;
  private RedissonClient direct;
  private HybridCache<String, String> cache;

  @BeforeEach
  void start() {
    String[] redis = Engines.redisAddress().split(":");
    link = TcpProxy.to(redis[0], Integer.parseInt(redis[1]));
    viaLink = Engines.redisson(link.address());
    direct = Engines.redisson();
    cache = cache(viaLink, registry);
  }

  @AfterEach
  void stop() {
    cache.close();
    viaLink.shutdown();
    direct.shutdown();
    link.close();
  }

  private HybridCache<String, String> cache(RedissonClient redisson, MeterRegistry registry) {
    return HybridCache.<String, String>builder(name)
        .redisson(redisson)
        .codec(ValueCodec.utf8())
        .loader(origin)
        .clock(clock)
        .meterRegistry(registry)
        .ttl(Duration.ofMinutes(1))
        .maxConcurrentLoads(MAX_LOADS)
        .redisTimeout(Duration.ofMillis(200))
        .redisBackoff(Duration.ofMillis(500))
        .redisPrefix("surge-test:" + name)
        .build();
  }

  private static List<String> readAll(HybridCache<String, String> cache, List<String> keys)
      throws Exception {
    List<Callable<String>> readers = new ArrayList<>();
    for (String key : keys) {
      readers.add(() -> cache.get(key));
    }
    return Readers.together(readers);
  }

  @Test
  void readsKeepWorkingFromL1AndTheOriginWithBoundedOriginConcurrency() throws Exception {
    assertThat(cache.get("hot")).isEqualTo("hot@1");
    assertThat(origin.calls()).isEqualTo(1);

    link.cut();

    // L1 answers the hot key: no origin call, no Redis call.
    List<String> hot = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      hot.add("hot");
    }
    assertThat(readAll(cache, hot)).containsOnly("hot@1");
    assertThat(origin.calls()).isEqualTo(1);

    // The hot key expires and 40 cold keys arrive, 200 readers in all, while Redis is gone.
    clock.advance(Duration.ofMinutes(2));
    List<String> keys = new ArrayList<>(hot);
    for (int i = 0; i < 40; i++) {
      keys.add("cold-" + i);
      keys.add("cold-" + i);
    }
    List<String> values = readAll(cache, keys);

    for (int i = 0; i < keys.size(); i++) {
      assertThat(values.get(i)).isEqualTo(keys.get(i) + "@1");
    }
    assertThat(origin.calls("hot")).as("one reload of the hot key").isEqualTo(2);
    for (int i = 0; i < 40; i++) {
      assertThat(origin.calls("cold-" + i)).isEqualTo(1);
    }
    assertThat(origin.maxInFlight()).isLessThanOrEqualTo(MAX_LOADS);
    assertThat(registry.get(HybridCache.METRIC_L2_ERRORS).counter().count()).isPositive();
  }

  @Test
  void l2IsUsedAgainOnceRedisIsBack() throws Exception {
    link.cut();
    assertThat(cache.get("before")).isEqualTo("before@1");
    link.restore();

    // A value loaded after Redis came back is shared: another instance reads it from L2.
    HybridCache<String, String> other = cache(direct, new SimpleMeterRegistry());
    try {
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () -> {
                String key = "after-" + origin.calls();
                assertThat(cache.get(key)).isEqualTo(key + "@1");
                int calls = origin.calls();
                assertThat(other.get(key)).isEqualTo(key + "@1");
                assertThat(origin.calls()).as("served from L2").isEqualTo(calls);
              });
    } finally {
      other.close();
    }
  }
}

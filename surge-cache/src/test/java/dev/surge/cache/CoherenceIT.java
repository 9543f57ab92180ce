package dev.surge.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.surge.testkit.SettableClock;
import dev.surge.testkit.TcpProxy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;

/**
 * Several cache instances, each with its own ZooKeeper session, sharing the machine's Redis and an
 * in-process ZooKeeper: invalidations reach every instance, and survive outages.
 */
class CoherenceIT {

  @RegisterExtension static final Engines.Redis redis = new Engines.Redis();

  private final RedissonClient redisson = redis.client();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final String name = Engines.uniqueName("coherence");
  private final Origin origin = new Origin(Duration.ofMillis(5));

  @AfterEach
  void close() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  private <T extends AutoCloseable> T closing(T closeable) {
    closeables.add(closeable);
    return closeable;
  }

  /** Evictions seen by one instance, by key. */
  private static final class Evictions implements InvalidationListener {
    final Map<String, Duration> seen = new ConcurrentHashMap<>();

    @Override
    public void invalidated(String key, Duration latency) {
      seen.put(key, latency);
    }
  }

  private HybridCache<String, String> instance(
      CuratorFramework curator, Clock clock, Evictions evictions) {
    return closing(
        builder(curator, clock)
            .degradedL1Ttl(Duration.ofHours(1))
            .invalidationListener(evictions)
            .build());
  }

  /** An instance on this test's cache name, entries living an hour in L1 and L2. */
  private HybridCache.Builder<String, String> builder(CuratorFramework curator, Clock clock) {
    return HybridCache.<String, String>builder(name)
        .redisson(redisson)
        .curator(curator)
        .codec(ValueCodec.utf8())
        .loader(origin)
        .clock(clock)
        .ttl(Duration.ofHours(1))
        .l1Ttl(Duration.ofHours(1))
        .redisPrefix("surge-test:" + name);
  }

  private CuratorFramework curator(String connect, int sessionTimeoutMillis) {
    CuratorFramework client =
        CuratorFrameworkFactory.builder()
            .connectString(connect)
            .sessionTimeoutMs(sessionTimeoutMillis)
            .connectionTimeoutMs(1_000)
            .retryPolicy(new ExponentialBackoffRetry(100, 3, 500))
            .build();
    client.start();
    return closing(client);
  }

  @Test
  void anInvalidationIsSeenByEveryInstanceWithinOneSecond() throws Exception {
    Engines.Zk zk = closing(new Engines.Zk());
    Clock clock = Clock.systemUTC();
    Evictions onB = new Evictions();
    Evictions onC = new Evictions();
    HybridCache<String, String> a =
        instance(curator(zk.connectString(), 10_000), clock, new Evictions());
    HybridCache<String, String> b = instance(curator(zk.connectString(), 10_000), clock, onB);
    HybridCache<String, String> c = instance(curator(zk.connectString(), 10_000), clock, onC);
    for (HybridCache<String, String> cache : List.of(a, b, c)) {
      assertThat(cache.get("gift-1")).isEqualTo("gift-1@1");
      assertThat(cache.get("gift-2")).isEqualTo("gift-2@1");
    }

    origin.change();
    a.invalidate("gift-1");

    assertThat(a.get("gift-1")).isEqualTo("gift-1@2");
    await()
        .atMost(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              assertThat(onB.seen).containsKey("gift-1");
              assertThat(onC.seen).containsKey("gift-1");
            });
    assertThat(b.get("gift-1")).isEqualTo("gift-1@2");
    assertThat(c.get("gift-1")).isEqualTo("gift-1@2");
    assertThat(onB.seen.get("gift-1")).isLessThan(Duration.ofSeconds(1));
    // Only the invalidated key was evicted; the other is still served from L1 (an hour-long TTL).
    assertThat(onB.seen).doesNotContainKey("gift-2");
    assertThat(b.get("gift-2")).isEqualTo("gift-2@1");
  }

  @Test
  void instancesConvergeAfterZooKeeperRestartsWithAnInvalidationMadeDuringTheOutage()
      throws Exception {
    Engines.Zk zk = closing(new Engines.Zk());
    // A frozen clock: the degraded L1 lifetime cannot expire, so only the resync can fix B.
    SettableClock clock = SettableClock.startingNow();
    CuratorFramework curatorA = curator(zk.connectString(), 10_000);
    CuratorFramework curatorB = curator(zk.connectString(), 10_000);
    Evictions onB = new Evictions();
    HybridCache<String, String> a = instance(curatorA, clock, new Evictions());
    HybridCache<String, String> b = instance(curatorB, clock, onB);
    assertThat(a.get("promo")).isEqualTo("promo@1");
    assertThat(b.get("promo")).isEqualTo("promo@1");

    zk.stop();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                !curatorA.getZookeeperClient().isConnected()
                    && !curatorB.getZookeeperClient().isConnected());
    origin.change();
    a.invalidate("promo"); // queued: ZooKeeper is down; L2 is deleted and A's L1 evicted
    assertThat(a.get("promo")).isEqualTo("promo@2");
    assertThat(b.get("promo")).as("B cannot know yet").isEqualTo("promo@1");

    zk.start();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(b.get("promo")).isEqualTo("promo@2"));
    assertThat(onB.seen).containsKey("promo");
    assertThat(a.get("promo")).isEqualTo("promo@2");
  }

  @Test
  void anInstanceThatLostItsSessionAppliesWhatItMissedOnReconnect() throws Exception {
    Engines.Zk zk = closing(new Engines.Zk());
    TcpProxy link = closing(TcpProxy.to("127.0.0.1", zk.port()));
    SettableClock clock = SettableClock.startingNow();
    CuratorFramework curatorB = curator(link.address(), 2_000);
    List<ConnectionState> statesOfB = new CopyOnWriteArrayList<>();
    curatorB.getConnectionStateListenable().addListener((c, s) -> statesOfB.add(s));
    Evictions onB = new Evictions();
    HybridCache<String, String> a =
        instance(curator(zk.connectString(), 10_000), clock, new Evictions());
    HybridCache<String, String> b = instance(curatorB, clock, onB);
    assertThat(a.get("promo")).isEqualTo("promo@1");
    assertThat(b.get("promo")).isEqualTo("promo@1");

    link.cut();
    await().atMost(Duration.ofSeconds(20)).until(() -> statesOfB.contains(ConnectionState.LOST));
    origin.change();
    a.invalidate("promo"); // A is connected: the bump is written, but B's watch cannot see it
    a.invalidate("other");
    assertThat(b.get("promo")).as("B cannot know yet").isEqualTo("promo@1");

    link.restore();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(b.get("promo")).isEqualTo("promo@2"));
    assertThat(onB.seen).containsKeys("promo", "other");
    assertThat(statesOfB).contains(ConnectionState.RECONNECTED);
  }

  @Test
  void anInstanceStartedWhileZooKeeperWasDownTrustsItsL1OnceConnected() throws Exception {
    Engines.Zk zk = closing(new Engines.Zk());
    zk.stop();
    SettableClock clock = SettableClock.startingNow();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    CuratorFramework curator = curator(zk.connectString(), 10_000);
    HybridCache<String, String> cache =
        closing(
            builder(curator, clock)
                .meterRegistry(registry)
                .degradedL1Ttl(Duration.ofSeconds(1))
                .build());
    assertThat(cache.get("promo")).isEqualTo("promo@1");
    Counter l1Hits = registry.get(HybridCache.METRIC_L1_HITS).counter();

    // Degraded: an L1 copy older than degradedL1Ttl is checked against L2 instead.
    clock.advance(Duration.ofSeconds(2));
    assertThat(cache.get("promo")).isEqualTo("promo@1");
    assertThat(l1Hits.count()).isZero();

    zk.start();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              clock.advance(Duration.ofSeconds(2));
              double before = l1Hits.count();
              assertThat(cache.get("promo")).isEqualTo("promo@1");
              assertThat(l1Hits.count()).as("served from L1 again").isEqualTo(before + 1);
            });
    assertThat(origin.calls()).isEqualTo(1);
  }
}

package dev.surge.bench;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.surge.cache.HybridCache;
import dev.surge.cache.InProcessZooKeeper;
import dev.surge.cache.ValueCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * How long after {@code invalidate()} on one instance the two other instances have evicted their L1
 * copy, p99 over a round of invalidations. Baseline: Caffeine L1s evicted by a Redis pub/sub
 * message (fast, but a message sent while a subscriber is disconnected is lost). Surge: a versioned
 * znode per key in an in-process ZooKeeper (writes fsync'd to its log) watched by every instance.
 */
public class CacheInvalidationScenario implements Scenario {

  static final int INSTANCES = 3;
  static final int INVALIDATIONS = 200;
  static final long PAUSE_MILLIS = 5;

  private final String run = "bench" + Long.toHexString(System.nanoTime());
  private final AtomicInteger rounds = new AtomicInteger();
  private final List<RedissonClient> clients = new ArrayList<>();
  private final List<CuratorFramework> curators = new ArrayList<>();
  private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
  private Path zkDir;
  private InProcessZooKeeper zk;
  private volatile Sink sink;

  /** Collects eviction latencies of the current round. */
  private static final class Sink {
    final double[] millis;
    final AtomicInteger next = new AtomicInteger();
    final CountDownLatch done;

    Sink(int expected) {
      millis = new double[expected];
      done = new CountDownLatch(expected);
    }
  }

  @Override
  public String name() {
    return "cache-invalidation";
  }

  @Override
  public String description() {
    return "invalidate on 1 of 3 instances, p99 until the other 2 evicted L1: Redis pub/sub"
        + " (loses messages on disconnect) vs surge ZooKeeper znodes; goal surge p99 < 100 ms";
  }

  @Override
  public String metric() {
    return "p99_ms";
  }

  @Override
  public boolean higherIsBetter() {
    return false;
  }

  @Override
  public void setUp() throws Exception {
    zkDir = Files.createTempDirectory("surge-bench-zk");
    zk = InProcessZooKeeper.start(zkDir, 0, Duration.ofSeconds(30));
    for (int i = 0; i < INSTANCES; i++) {
      clients.add(BenchRedis.client());
      CuratorFramework curator =
          CuratorFrameworkFactory.newClient(
              zk.connectString(), new ExponentialBackoffRetry(100, 5, 1_000));
      curator.start();
      curator.blockUntilConnected(30, TimeUnit.SECONDS);
      curators.add(curator);
    }
  }

  @Override
  public void tearDown() throws Exception {
    curators.forEach(CuratorFramework::close);
    clients.forEach(RedissonClient::shutdown);
    zk.close();
    try (Stream<Path> files = Files.walk(zkDir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }

  @Override
  public List<Variant> variants() {
    return List.of(
        Variant.of("redis-pubsub", this::pubSub), Variant.of(Variant.SURGE, this::surge));
  }

  private void evicted(String key) {
    Long sent = sentAt.get(key);
    Sink current = sink;
    if (sent == null || current == null) {
      return;
    }
    int i = current.next.getAndIncrement();
    if (i < current.millis.length) {
      current.millis[i] = (System.nanoTime() - sent) / 1e6;
      current.done.countDown();
    }
  }

  private double pubSub() throws Exception {
    String topicName = run + ":invalidations:" + rounds.incrementAndGet();
    List<Cache<String, String>> l1s = new ArrayList<>();
    List<Integer> listeners = new ArrayList<>();
    List<RTopic> topics = new ArrayList<>();
    for (int i = 0; i < INSTANCES; i++) {
      Cache<String, String> l1 = Caffeine.newBuilder().maximumSize(10_000).build();
      RTopic topic = clients.get(i).getTopic(topicName, StringCodec.INSTANCE);
      boolean writer = i == 0;
      listeners.add(
          topic.addListener(
              String.class,
              (channel, key) -> {
                l1.invalidate(key);
                if (!writer) {
                  evicted(key);
                }
              }));
      l1s.add(l1);
      topics.add(topic);
    }
    try {
      return measure(key -> l1s.forEach(l1 -> l1.put(key, "v")), key -> topics.get(0).publish(key));
    } finally {
      for (int i = 0; i < INSTANCES; i++) {
        topics.get(i).removeListener(listeners.get(i));
      }
    }
  }

  private double surge() throws Exception {
    String name = run + "-" + rounds.incrementAndGet();
    List<HybridCache<String, String>> caches = new ArrayList<>();
    for (int i = 0; i < INSTANCES; i++) {
      boolean writer = i == 0;
      caches.add(
          HybridCache.<String, String>builder(name)
              .redisson(clients.get(i))
              .curator(curators.get(i))
              .codec(ValueCodec.utf8())
              .loader(key -> "v")
              .redisPrefix("surge-bench:cache")
              .invalidationListener(
                  (key, latency) -> {
                    if (!writer) {
                      evicted(key);
                    }
                  })
              .build());
    }
    try {
      return measure(
          key -> caches.forEach(cache -> cache.get(key)), key -> caches.get(0).invalidate(key));
    } finally {
      caches.forEach(HybridCache::close);
    }
  }

  /** Warms each key on all instances, invalidates it on the first, and returns the p99. */
  private double measure(Consumer<String> warm, Consumer<String> invalidate) throws Exception {
    Sink round = new Sink(INVALIDATIONS * (INSTANCES - 1));
    sink = round;
    String prefix = "promo-" + rounds.get() + "-";
    for (int i = 0; i < INVALIDATIONS; i++) {
      warm.accept(prefix + i);
    }
    for (int i = 0; i < INVALIDATIONS; i++) {
      String key = prefix + i;
      sentAt.put(key, System.nanoTime());
      invalidate.accept(key);
      Thread.sleep(PAUSE_MILLIS);
    }
    if (!round.done.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(
          "only " + round.next.get() + " of " + round.millis.length + " evictions arrived");
    }
    sink = null;
    sentAt.clear();
    return Measure.percentile(round.millis, 99);
  }
}

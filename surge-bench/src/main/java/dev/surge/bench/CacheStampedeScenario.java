package dev.surge.bench;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.surge.cache.HybridCache;
import dev.surge.cache.ValueCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * A hot key expiring under a stampede: 1,000 reader threads spread over three cache instances that
 * share the machine's Redis read one key for a few TTLs; the origin takes 50 ms. The metric is
 * origin loads per refresh, cluster-wide (1.0 is one load per refresh), where the calls of one
 * refresh are those starting within a quarter TTL of its first call.
 */
public class CacheStampedeScenario implements Scenario {

  static final int INSTANCES = 3;
  static final int READERS = 1_000;
  static final Duration TTL = Duration.ofSeconds(1);
  static final Duration ROUND = Duration.ofSeconds(4);
  static final Duration ORIGIN_LATENCY = Duration.ofMillis(50);

  /** Pause between two reads of one reader, so 1,000 readers do not only measure the CPU. */
  static final long READ_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final List<RedissonClient> clients = new ArrayList<>();
  private final AtomicInteger rounds = new AtomicInteger();
  private final String run = "bench" + Long.toHexString(System.nanoTime());

  @Override
  public String name() {
    return "cache-stampede";
  }

  @Override
  public String description() {
    return "1,000 readers on 3 instances sharing Redis, hot key with 1 s TTL, 50 ms origin: origin"
        + " loads per refresh; cache-aside vs per-JVM Caffeine refresh vs surge; goal surge <= 1";
  }

  @Override
  public String metric() {
    return "loads_per_refresh";
  }

  @Override
  public boolean higherIsBetter() {
    return false;
  }

  @Override
  public void setUp() {
    clients.addAll(BenchRedis.clients(INSTANCES));
  }

  @Override
  public void tearDown() {
    clients.forEach(RedissonClient::shutdown);
  }

  @Override
  public List<Variant> variants() {
    return List.of(
        Variant.of("cache-aside", this::cacheAside),
        Variant.of("caffeine-refresh", this::caffeineRefresh),
        Variant.of(Variant.SURGE, this::surge));
  }

  /** Redis GET; on a miss, load and SET with the TTL: every reader that misses loads. */
  private double cacheAside() throws Exception {
    String key = run + ":aside:" + rounds.incrementAndGet();
    Origin origin = new Origin();
    List<Function<String, String>> readers = new ArrayList<>();
    for (RedissonClient client : clients) {
      RBucket<String> bucket = client.getBucket(key, StringCodec.INSTANCE);
      readers.add(
          k -> {
            String value = bucket.get();
            if (value == null) {
              value = origin.apply(k);
              bucket.set(value, TTL);
            }
            return value;
          });
    }
    try {
      return stampede(key, readers, origin);
    } finally {
      clients.get(0).getBucket(key).delete();
    }
  }

  /** A Caffeine cache per instance that refreshes the key in the background before it expires. */
  private double caffeineRefresh() throws Exception {
    String key = run + ":caffeine:" + rounds.incrementAndGet();
    Origin origin = new Origin();
    List<Function<String, String>> readers = new ArrayList<>();
    for (int i = 0; i < INSTANCES; i++) {
      LoadingCache<String, String> cache =
          Caffeine.newBuilder()
              .refreshAfterWrite(TTL.minus(ORIGIN_LATENCY.multipliedBy(2)))
              .expireAfterWrite(TTL)
              .build(origin::apply);
      readers.add(cache::get);
    }
    return stampede(key, readers, origin);
  }

  private double surge() throws Exception {
    String name = run + "-" + rounds.incrementAndGet();
    Origin origin = new Origin();
    List<HybridCache<String, String>> caches = new ArrayList<>();
    List<Function<String, String>> readers = new ArrayList<>();
    for (RedissonClient client : clients) {
      HybridCache<String, String> cache =
          HybridCache.<String, String>builder(name)
              .redisson(client)
              .codec(ValueCodec.utf8())
              .loader(origin)
              .ttl(TTL)
              .redisPrefix("surge-bench:cache")
              .build();
      caches.add(cache);
      readers.add(cache::get);
    }
    try {
      return stampede("hot", readers, origin);
    } finally {
      caches.forEach(HybridCache::close);
    }
  }

  /** Runs the readers of one round on the hot key; returns origin loads per refresh. */
  private static double stampede(
      String key, List<Function<String, String>> instances, Origin origin) throws Exception {
    double elapsed =
        CacheReaders.run(READERS, ROUND, READ_PAUSE_NANOS, instances, t -> key).seconds();
    int refreshes = origin.refreshes();
    System.out.printf(
        Locale.ROOT,
        "  %d loads in %d refreshes, %.2f loads per TTL%n",
        origin.calls.get(),
        refreshes,
        origin.calls.get() / (elapsed / (TTL.toNanos() / 1e9)));
    return origin.calls.get() / (double) refreshes;
  }

  /** The origin: 50 ms per call, with the start time of every call. */
  private static final class Origin implements Function<String, String> {
    final AtomicInteger calls = new AtomicInteger();
    final Queue<Long> starts = new ConcurrentLinkedQueue<>();

    @Override
    public String apply(String key) {
      starts.add(System.nanoTime());
      int n = calls.incrementAndGet();
      LockSupport.parkNanos(ORIGIN_LATENCY.toNanos());
      return key + "@" + n;
    }

    /**
     * Calls grouped into refreshes: a call more than a quarter TTL after the first call of the
     * current refresh starts the next one (a stampede lasts far less; refreshes are a TTL apart).
     */
    int refreshes() {
      long[] sorted = starts.stream().mapToLong(Long::longValue).sorted().toArray();
      int refreshes = 0;
      long first = 0;
      long window = TTL.toNanos() / 4;
      for (long start : sorted) {
        if (refreshes == 0 || start - first > window) {
          refreshes++;
          first = start;
        }
      }
      return refreshes;
    }
  }
}

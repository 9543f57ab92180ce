package dev.surge.bench;

import dev.surge.cache.HybridCache;
import dev.surge.cache.ValueCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * A promotion catalogue under a Zipf workload with a spike: 300 readers on three instances sharing
 * Redis read 1,000 keys with Zipf(1.1) popularity; halfway through, a new promotion opens and takes
 * half of all reads. TTL 1 s, origin 20 ms. The metric is origin loads per 1,000 reads (the
 * variants answer different numbers of reads in a round, so loads alone would not compare).
 *
 * <p>Surge runs with {@code maxConcurrentLoads(64)}: the default of 8 per instance caps origin
 * calls at 8 / 20 ms = 400/s per instance, below what this tail of cold keys needs.
 */
public class CacheZipfSpikeScenario implements Scenario {

  static final int INSTANCES = 3;
  static final int READERS = 300;
  static final int KEYS = 1_000;
  static final double ZIPF_EXPONENT = 1.1;
  static final Duration TTL = Duration.ofSeconds(1);
  static final Duration ROUND = Duration.ofSeconds(4);
  static final Duration ORIGIN_LATENCY = Duration.ofMillis(20);
  static final long READ_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private final List<RedissonClient> clients = new ArrayList<>();
  private final AtomicInteger rounds = new AtomicInteger();
  private final String run = "bench" + Long.toHexString(System.nanoTime());
  private final double[] cumulative = zipf(KEYS, ZIPF_EXPONENT);

  @Override
  public String name() {
    return "cache-zipf-spike";
  }

  @Override
  public String description() {
    return "300 readers on 3 instances, Zipf(1.1) over 1,000 keys, then one new key takes half the"
        + " reads; 1 s TTL, 20 ms origin: origin loads per 1,000 reads, cache-aside vs surge";
  }

  @Override
  public String metric() {
    return "loads_per_1k_reads";
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
        Variant.of("cache-aside", this::cacheAside), Variant.of(Variant.SURGE, this::surge));
  }

  private double cacheAside() throws Exception {
    String prefix = run + ":zipf:" + rounds.incrementAndGet() + ":";
    AtomicInteger loads = new AtomicInteger();
    List<Function<String, String>> instances = new ArrayList<>();
    for (RedissonClient client : clients) {
      instances.add(
          key -> {
            RBucket<String> bucket = client.getBucket(prefix + key, StringCodec.INSTANCE);
            String value = bucket.get();
            if (value == null) {
              value = load(key, loads);
              bucket.set(value, TTL);
            }
            return value;
          });
    }
    return round(instances, loads);
  }

  private double surge() throws Exception {
    String name = run + "-zipf-" + rounds.incrementAndGet();
    AtomicInteger loads = new AtomicInteger();
    List<HybridCache<String, String>> caches = new ArrayList<>();
    List<Function<String, String>> instances = new ArrayList<>();
    for (RedissonClient client : clients) {
      HybridCache<String, String> cache =
          HybridCache.<String, String>builder(name)
              .redisson(client)
              .codec(ValueCodec.utf8())
              .loader(key -> load(key, loads))
              .ttl(TTL)
              .l1MaximumSize(2L * KEYS)
              .maxConcurrentLoads(64)
              .redisPrefix("surge-bench:cache")
              .build();
      caches.add(cache);
      instances.add(cache::get);
    }
    try {
      return round(instances, loads);
    } finally {
      caches.forEach(HybridCache::close);
    }
  }

  private double round(List<Function<String, String>> instances, AtomicInteger loads)
      throws InterruptedException {
    long spikeAt = ROUND.toNanos() / 2;
    CacheReaders.Outcome outcome =
        CacheReaders.run(
            READERS,
            ROUND,
            READ_PAUSE_NANOS,
            instances,
            t -> {
              ThreadLocalRandom random = ThreadLocalRandom.current();
              if (t >= spikeAt && random.nextBoolean()) {
                return "new-promotion";
              }
              return "promotion-" + rank(random.nextDouble());
            });
    System.out.printf(
        Locale.ROOT,
        "  %d reads (%.0f/s), %d origin loads%n",
        outcome.reads(),
        outcome.reads() / outcome.seconds(),
        loads.get());
    return 1_000.0 * loads.get() / outcome.reads();
  }

  private static String load(String key, AtomicInteger loads) {
    loads.incrementAndGet();
    LockSupport.parkNanos(ORIGIN_LATENCY.toNanos());
    return "value of " + key;
  }

  /** The 0-based rank whose cumulative Zipf probability first reaches {@code u}. */
  private int rank(double u) {
    int i = Arrays.binarySearch(cumulative, u);
    return i >= 0 ? i : Math.min(-i - 1, cumulative.length - 1);
  }

  private static double[] zipf(int n, double exponent) {
    double[] cumulative = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += 1 / Math.pow(i + 1, exponent);
      cumulative[i] = sum;
    }
    for (int i = 0; i < n; i++) {
      cumulative[i] /= sum;
    }
    return cumulative;
  }
}

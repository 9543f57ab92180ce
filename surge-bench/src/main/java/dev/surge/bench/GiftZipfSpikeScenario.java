package dev.surge.bench;

import dev.surge.cache.HybridCache;
import dev.surge.cache.ValueCodec;
import dev.surge.cache.hot.HotKey;
import dev.surge.cache.hot.HotKeyCounter;
import dev.surge.cache.hot.HotKeyScorer;
import dev.surge.cache.hot.HotKind;
import dev.surge.cache.warmup.InJvmTickSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Promotion reads with Zipf popularity over {@value #PROMOTIONS} promotions, and a spike: from a
 * third of each round on, half of all reads go to one promotion nobody read before. Measured: the
 * share of reads answered without an origin call on the reader's path, at the same offered load
 * ({@value #READS_PER_SECOND} reads/s on {@value #THREADS} threads) for both variants.
 *
 * <p>Baseline: cache-aside on Redis (GET, on a miss load and SET with the TTL): every miss is an
 * origin call, and a hot key's expiry or the spike's start makes all concurrent readers call it.
 * Surge: the hybrid cache (L1 + Redis, XFetch, single flight, lease) plus HOT counting and the two
 * warm-up loops (SPIKE keys every tick, all HOT keys every few seconds) that keep hot entries from
 * ever expiring. Redis is the machine's ({@code -Dsurge.bench.redis=host:port}).
 */
public class GiftZipfSpikeScenario implements Scenario {

  static final int PROMOTIONS = 500;
  static final double ZIPF_S = 1.1;
  static final int THREADS = 8;
  static final Duration ROUND = Duration.ofSeconds(9);
  static final Duration TTL = Duration.ofSeconds(5);
  static final Duration ORIGIN_LATENCY = Duration.ofMillis(5);

  /** TTL / HOT interval = 5, as 5-minute entries refreshed every minute in the app. */
  static final Duration HOT_INTERVAL = Duration.ofSeconds(1);

  static final int HOT_SIZE = 50;

  /** Reads per second offered to both variants, so both serve the same load. */
  static final int READS_PER_SECOND = 10_000;

  /** {@code -Dsurge.bench.gift.rate=0} runs closed-loop: each variant reads as fast as it can. */
  private final int rate = Integer.getInteger("surge.bench.gift.rate", READS_PER_SECOND);

  private static final ThreadLocal<Boolean> READER = ThreadLocal.withInitial(() -> false);

  private final String run = UUID.randomUUID().toString();
  private final AtomicLong rounds = new AtomicLong();
  private final double[] cdf = zipfCdf(PROMOTIONS, ZIPF_S);
  private final LongAdder readerOriginCalls = new LongAdder();
  private final LongAdder allOriginCalls = new LongAdder();
  private final LongAdder spikeReaderOriginCalls = new LongAdder();
  private volatile String spikeKey = "";

  private RedissonClient redisson;
  private HybridCache<String, String> cache;
  private HotKeyCounter counter;
  private HotKeyScorer scorer;
  private volatile List<HotKey> hot = List.of();
  private InJvmTickSource ticks;
  private ScheduledExecutorService hotJob;

  @Override
  public String name() {
    return "gift-zipf-spike";
  }

  @Override
  public String description() {
    return "share of promotion reads served without an origin call, Zipf + spike (goal >= 99%)";
  }

  @Override
  public String metric() {
    return "reads_without_origin_pct";
  }

  @Override
  public boolean higherIsBetter() {
    return true;
  }

  @Override
  public List<Variant> variants() {
    return List.of(
        Variant.of("cache-aside", this::cacheAside), Variant.of(Variant.SURGE, this::surge));
  }

  @Override
  public void setUp() {
    redisson = BenchRedis.client();
    cache =
        HybridCache.<String, String>builder("gift-bench")
            .redisson(redisson)
            .redisPrefix("bench:gift:" + run)
            .codec(ValueCodec.utf8())
            .loader(this::origin)
            .ttl(TTL)
            .l1Ttl(Duration.ofSeconds(1))
            .build();
    counter =
        HotKeyCounter.builder(redisson, "bench:gift:hot:" + run)
            .flushInterval(Duration.ofMillis(250))
            .build()
            .start();
    scorer = HotKeyScorer.defaults();
    ticks = new InJvmTickSource();
    ticks.start(tick -> refresh(HotKind.SPIKE));
    hotJob = Executors.newSingleThreadScheduledExecutor();
    long every = HOT_INTERVAL.toMillis();
    hotJob.scheduleWithFixedDelay(() -> refresh(null), every, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public void tearDown() {
    hotJob.shutdownNow();
    ticks.close();
    counter.close();
    cache.close();
    redisson.getKeys().deleteByPattern("bench:gift:*" + run + "*");
    redisson.getKeys().deleteByPattern("{bench:gift:hot:" + run + "}*");
    redisson.shutdown();
  }

  private double cacheAside() throws Exception {
    String spike = "spike-" + rounds.incrementAndGet();
    return measure(
        spike,
        key -> {
          RBucket<String> bucket =
              redisson.getBucket("bench:gift:aside:" + run + ":" + key, StringCodec.INSTANCE);
          String value = bucket.get();
          if (value == null) {
            value = origin(key);
            bucket.set(value, TTL);
          }
          return value;
        });
  }

  private double surge() throws Exception {
    String spike = "spike-" + rounds.incrementAndGet();
    return measure(
        spike,
        key -> {
          counter.record(key);
          return cache.get(key);
        });
  }

  private interface Reader {
    String read(String key) throws Exception;
  }

  /** One round: returns 100 × (1 − reader-path origin calls / reads). */
  private double measure(String spike, Reader reader) throws Exception {
    readerOriginCalls.reset();
    spikeReaderOriginCalls.reset();
    spikeKey = spike;
    LongAdder reads = new LongAdder();
    long start = System.nanoTime();
    long spikeAt = start + ROUND.toNanos() / 3;
    long gapNanos = rate <= 0 ? 0 : TimeUnit.SECONDS.toNanos(1) * THREADS / rate;
    ThreadLocal<long[]> next = ThreadLocal.withInitial(() -> new long[] {System.nanoTime()});
    Measure.throughput(
        THREADS,
        ROUND,
        () -> {
          long[] due = next.get();
          if (gapNanos > 0) {
            long wait = due[0] - System.nanoTime();
            if (wait > 0) {
              LockSupport.parkNanos(wait);
            }
            due[0] += gapNanos;
          }
          ThreadLocalRandom random = ThreadLocalRandom.current();
          String key =
              System.nanoTime() >= spikeAt && random.nextBoolean()
                  ? spike
                  : "p" + sample(random.nextDouble());
          READER.set(true);
          try {
            reader.read(key);
          } finally {
            READER.set(false);
          }
          reads.increment();
        });
    double missed = readerOriginCalls.sum() / (double) reads.sum();
    System.out.printf(
        Locale.ROOT,
        "  reads=%d reader-origin-calls=%d (spike key %d) all-origin-calls=%d%n",
        reads.sum(),
        readerOriginCalls.sum(),
        spikeReaderOriginCalls.sum(),
        allOriginCalls.sumThenReset());
    return 100.0 * (1 - missed);
  }

  private String origin(String key) {
    allOriginCalls.increment();
    if (READER.get()) {
      readerOriginCalls.increment();
      if (key.equals(spikeKey)) {
        spikeReaderOriginCalls.increment();
      }
    }
    LockSupport.parkNanos(ORIGIN_LATENCY.toNanos());
    return "{\"promotion\":\"" + key + "\",\"title\":\"" + "x".repeat(160) + "\"}";
  }

  /** Reloads the HOT keys (all, or of one kind) into the cache off the readers' path. */
  private void refresh(HotKind only) {
    try {
      if (only == null) {
        counter.flush();
        hot = scorer.top(counter.stats(1, 1000), Clock.systemUTC().instant(), HOT_SIZE);
      }
      for (HotKey key : hot) {
        if (only == null || key.kind() == only) {
          cache.put(key.key(), origin(key.key()));
        }
      }
    } catch (RuntimeException e) {
      System.err.println("warm-up failed: " + e);
    }
  }

  private int sample(double u) {
    int lo = 0;
    int hi = cdf.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cdf[mid] < u) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static double[] zipfCdf(int n, double s) {
    double[] cdf = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += 1 / Math.pow(i + 1, s);
      cdf[i] = sum;
    }
    for (int i = 0; i < n; i++) {
      cdf[i] /= sum;
    }
    return cdf;
  }
}

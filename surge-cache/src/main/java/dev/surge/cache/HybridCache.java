package dev.surge.cache;

import static dev.surge.cache.internal.Settings.notNegative;
import static dev.surge.cache.internal.Settings.positive;

import dev.surge.cache.internal.CacheSpec;
import dev.surge.cache.internal.DefaultHybridCache;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import org.apache.curator.framework.CuratorFramework;
import org.redisson.api.RedissonClient;

/**
 * A two-level read-through cache: a per-instance Caffeine L1 in front of a shared Redis L2 in front
 * of the origin (the loader), built for keys that huge crowds read at once.
 *
 * <p>A hot key never stampedes the origin: entries carry their compute time so a reader recomputes
 * them early with the XFetch probability ({@code now - delta * beta * ln(rand) >= expiry}),
 * concurrent misses in one JVM share one load, and a short Redis lease lets one instance of the
 * cluster recompute while the others keep serving. When ZooKeeper is configured, {@link
 * #invalidate} bumps a versioned znode that every instance watches, so L1 copies elsewhere are
 * evicted within a watch round trip and an instance that missed events converges on reconnect.
 *
 * <pre>{@code
 * HybridCache<PromotionId, Promotion> cache =
 *     HybridCache.<PromotionId, Promotion>builder("promotions")
 *         .redisson(redisson)
 *         .curator(curator)
 *         .codec(promotionCodec)
 *         .loader(repository::load)
 *         .keyRenderer(PromotionId::value)
 *         .ttl(Duration.ofMinutes(5))
 *         .build();
 * }</pre>
 *
 * @param <K> the key type; rendered to a string by the key renderer for Redis and ZooKeeper
 * @param <V> the value type; encoded by the codec for Redis
 */
public interface HybridCache<K, V> extends AutoCloseable {

  /** Origin loads, tagged {@code cache=<name>}; part of the HTTP contract, keep the name. */
  String METRIC_LOADS = "surge.cache.loads";

  String METRIC_L1_HITS = "surge.cache.l1.hits";
  String METRIC_L2_HITS = "surge.cache.l2.hits";

  /** Recomputations started before expiry by XFetch. */
  String METRIC_EARLY_REFRESHES = "surge.cache.early_refreshes";

  /** Reads that waited for another reader's load in the same JVM instead of loading. */
  String METRIC_COALESCED = "surge.cache.coalesced";

  /** Timer: from {@code invalidate()} on the writer to the L1 eviction on this instance. */
  String METRIC_INVALIDATION_LATENCY = "surge.cache.invalidation.latency";

  /** Redis calls that failed or timed out. */
  String METRIC_L2_ERRORS = "surge.cache.l2.errors";

  /** The value, from L1, L2 or the origin; never null. */
  V get(K key);

  /**
   * Stores a value computed by the caller as if it had just been loaded: bumps the key's
   * generation, so other instances drop their L1 copy, and writes L2 and L1.
   */
  void put(K key, V value);

  /**
   * The write path after the origin changed: bumps the key's generation in ZooKeeper (queued and
   * retried on reconnect when ZooKeeper is unreachable), deletes the L2 entry and evicts L1.
   */
  void invalidate(K key);

  String name();

  /** Stops the ZooKeeper watch and the refresh threads; does not close the clients it was given. */
  @Override
  void close();

  /**
   * A builder for a cache named {@code name}; the name appears in Redis keys, znode paths and the
   * {@code cache} metric tag, so it must be made of letters, digits, '.', '_' or '-'.
   */
  static <K, V> Builder<K, V> builder(String name) {
    return new Builder<>(name);
  }

  /** Settings of a {@link HybridCache}; each setter rejects a bad value at once. */
  final class Builder<K, V> {

    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_L1_TTL = Duration.ofSeconds(10);
    public static final long DEFAULT_L1_MAXIMUM_SIZE = 10_000;

    /** XFetch beta: 1.0 is the paper's optimum; above 1 recomputes earlier, 0 disables it. */
    public static final double DEFAULT_BETA = 1.0;

    /** How long an instance may hold the recompute lease; covers a slow origin call. */
    public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(5);

    /** How long a reader with no value waits for the lease holder's value before loading itself. */
    public static final Duration DEFAULT_LEASE_WAIT = Duration.ofMillis(500);

    public static final Duration DEFAULT_REDIS_TIMEOUT = Duration.ofMillis(200);

    /** After a Redis failure, L2 is skipped for this long so reads do not each pay a timeout. */
    public static final Duration DEFAULT_REDIS_BACKOFF = Duration.ofSeconds(1);

    public static final int DEFAULT_MAX_CONCURRENT_LOADS = 8;
    public static final Duration DEFAULT_LOAD_PERMIT_WAIT = Duration.ofSeconds(5);

    /** L1 lifetime while ZooKeeper is unreachable and invalidations may be missed. */
    public static final Duration DEFAULT_DEGRADED_L1_TTL = Duration.ofSeconds(1);

    public static final String DEFAULT_ZK_ROOT = "/surge/cache";
    public static final String DEFAULT_REDIS_PREFIX = "surge:cache";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

    private final String name;
    private RedissonClient redisson;
    private CuratorFramework curator;
    private ValueCodec<V> codec;
    private Function<? super K, ? extends V> loader;
    private Function<? super K, String> keyRenderer = String::valueOf;
    private Duration ttl = DEFAULT_TTL;
    private Duration l1Ttl;
    private long l1MaximumSize = DEFAULT_L1_MAXIMUM_SIZE;
    private double beta = DEFAULT_BETA;
    private Clock clock = Clock.systemUTC();
    private MeterRegistry meterRegistry;
    private RandomGenerator random;
    private Duration leaseTtl = DEFAULT_LEASE_TTL;
    private Duration leaseWait = DEFAULT_LEASE_WAIT;
    private Duration redisTimeout = DEFAULT_REDIS_TIMEOUT;
    private Duration redisBackoff = DEFAULT_REDIS_BACKOFF;
    private int maxConcurrentLoads = DEFAULT_MAX_CONCURRENT_LOADS;
    private Duration loadPermitWait = DEFAULT_LOAD_PERMIT_WAIT;
    private Duration degradedL1Ttl = DEFAULT_DEGRADED_L1_TTL;
    private String zkRoot = DEFAULT_ZK_ROOT;
    private String redisPrefix = DEFAULT_REDIS_PREFIX;
    private InvalidationListener invalidationListener = (key, latency) -> {};

    private Builder(String name) {
      Objects.requireNonNull(name, "name");
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "cache name must match " + NAME.pattern() + ", was '" + name + "'");
      }
      this.name = name;
    }

    /** The Redis client for L2 and the recompute lease (required). */
    public Builder<K, V> redisson(RedissonClient redisson) {
      this.redisson = Objects.requireNonNull(redisson, "redisson");
      return this;
    }

    /**
     * The ZooKeeper client for cross-instance invalidation (optional). Without it, {@link
     * #invalidate} reaches only this instance's L1 and L2; other instances see the change when
     * their L1 entry expires ({@link #l1Ttl}).
     */
    public Builder<K, V> curator(CuratorFramework curator) {
      this.curator = Objects.requireNonNull(curator, "curator");
      return this;
    }

    /** Encodes values for L2 (required). */
    public Builder<K, V> codec(ValueCodec<V> codec) {
      this.codec = Objects.requireNonNull(codec, "codec");
      return this;
    }

    /** The origin; called at most once per key at a time per instance (required). */
    public Builder<K, V> loader(Function<? super K, ? extends V> loader) {
      this.loader = Objects.requireNonNull(loader, "loader");
      return this;
    }

    /** Renders a key to the string used in Redis keys and znode names; default String.valueOf. */
    public Builder<K, V> keyRenderer(Function<? super K, String> keyRenderer) {
      this.keyRenderer = Objects.requireNonNull(keyRenderer, "keyRenderer");
      return this;
    }

    /** How long a loaded value is valid (its logical expiry); default 5 minutes. */
    public Builder<K, V> ttl(Duration ttl) {
      this.ttl = positive(ttl, "ttl");
      return this;
    }

    /** How long L1 keeps an entry before asking L2 again; default min(10 s, ttl). */
    public Builder<K, V> l1Ttl(Duration l1Ttl) {
      this.l1Ttl = positive(l1Ttl, "l1Ttl");
      return this;
    }

    public Builder<K, V> l1MaximumSize(long l1MaximumSize) {
      if (l1MaximumSize < 1) {
        throw new IllegalArgumentException("l1MaximumSize must be >= 1, was " + l1MaximumSize);
      }
      this.l1MaximumSize = l1MaximumSize;
      return this;
    }

    /** XFetch beta, finite and >= 0; 0 turns early recomputation off. */
    public Builder<K, V> beta(double beta) {
      if (!(beta >= 0) || Double.isInfinite(beta)) {
        throw new IllegalArgumentException("beta must be finite and >= 0, was " + beta);
      }
      this.beta = beta;
      return this;
    }

    public Builder<K, V> clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Builder<K, V> meterRegistry(MeterRegistry meterRegistry) {
      this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
      return this;
    }

    /**
     * The random source of XFetch draws (default: the calling thread's ThreadLocalRandom); it is
     * called from reader threads concurrently, so it must be thread-safe.
     */
    public Builder<K, V> random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    public Builder<K, V> leaseTtl(Duration leaseTtl) {
      this.leaseTtl = positive(leaseTtl, "leaseTtl");
      return this;
    }

    public Builder<K, V> leaseWait(Duration leaseWait) {
      this.leaseWait = notNegative(leaseWait, "leaseWait");
      return this;
    }

    /** Bound on every Redis call made on a read or write path. */
    public Builder<K, V> redisTimeout(Duration redisTimeout) {
      this.redisTimeout = positive(redisTimeout, "redisTimeout");
      return this;
    }

    public Builder<K, V> redisBackoff(Duration redisBackoff) {
      this.redisBackoff = notNegative(redisBackoff, "redisBackoff");
      return this;
    }

    /** Origin calls in flight at once on this instance, across keys. */
    public Builder<K, V> maxConcurrentLoads(int maxConcurrentLoads) {
      if (maxConcurrentLoads < 1) {
        throw new IllegalArgumentException(
            "maxConcurrentLoads must be >= 1, was " + maxConcurrentLoads);
      }
      this.maxConcurrentLoads = maxConcurrentLoads;
      return this;
    }

    /** How long a load waits for an origin permit before failing with CacheLoadException. */
    public Builder<K, V> loadPermitWait(Duration loadPermitWait) {
      this.loadPermitWait = notNegative(loadPermitWait, "loadPermitWait");
      return this;
    }

    public Builder<K, V> degradedL1Ttl(Duration degradedL1Ttl) {
      this.degradedL1Ttl = positive(degradedL1Ttl, "degradedL1Ttl");
      return this;
    }

    /** The znode under which each cache keeps a child per invalidated key. */
    public Builder<K, V> zkRoot(String zkRoot) {
      Objects.requireNonNull(zkRoot, "zkRoot");
      if (!zkRoot.startsWith("/") || zkRoot.endsWith("/") || zkRoot.contains("//")) {
        throw new IllegalArgumentException(
            "zkRoot must be an absolute path without a trailing '/', was '" + zkRoot + "'");
      }
      this.zkRoot = zkRoot;
      return this;
    }

    public Builder<K, V> redisPrefix(String redisPrefix) {
      Objects.requireNonNull(redisPrefix, "redisPrefix");
      if (redisPrefix.isBlank()) {
        throw new IllegalArgumentException("redisPrefix must not be blank");
      }
      this.redisPrefix = redisPrefix;
      return this;
    }

    public Builder<K, V> invalidationListener(InvalidationListener invalidationListener) {
      this.invalidationListener =
          Objects.requireNonNull(invalidationListener, "invalidationListener");
      return this;
    }

    /**
     * Builds and starts the cache; with ZooKeeper configured, waits (bounded) for the initial read
     * of the generations.
     */
    public HybridCache<K, V> build() {
      Duration effectiveL1Ttl = l1Ttl != null ? l1Ttl : min(DEFAULT_L1_TTL, ttl);
      if (effectiveL1Ttl.compareTo(ttl) > 0) {
        throw new IllegalArgumentException(
            "l1Ttl (" + effectiveL1Ttl + ") must not exceed ttl (" + ttl + ")");
      }
      require(redisson, "redisson");
      require(codec, "codec");
      require(loader, "loader");
      Duration effectiveDegraded = min(degradedL1Ttl, effectiveL1Ttl);
      return new DefaultHybridCache<>(
          new CacheSpec<>(
              name,
              redisson,
              curator,
              codec,
              loader,
              keyRenderer,
              ttl,
              effectiveL1Ttl,
              l1MaximumSize,
              beta,
              clock,
              meterRegistry,
              random,
              leaseTtl,
              leaseWait,
              redisTimeout,
              redisBackoff,
              maxConcurrentLoads,
              loadPermitWait,
              effectiveDegraded,
              zkRoot + "/" + name,
              redisPrefix + ":" + name,
              invalidationListener));
    }

    private void require(Object value, String what) {
      if (value == null) {
        throw new IllegalStateException(
            "cache '" + name + "': " + what + " is required, call " + what + "(...)");
      }
    }

    private static Duration min(Duration a, Duration b) {
      return a.compareTo(b) <= 0 ? a : b;
    }
  }
}

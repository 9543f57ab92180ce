package dev.surge.cache.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.surge.cache.CacheLoadException;
import dev.surge.cache.HybridCache;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hybrid cache: L1 Caffeine, L2 Redis, origin loader, with XFetch early refresh, per-key single
 * flight in this JVM, a Redis lease across instances and generations from {@link Coherence}.
 */
public final class DefaultHybridCache<K, V> implements HybridCache<K, V> {

  private static final Logger log = LoggerFactory.getLogger(DefaultHybridCache.class);
  private static final long LEASE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private final CacheSpec<K, V> spec;
  private final Clock clock;
  private final double beta;
  private final long ttlMillis;
  private final long degradedL1TtlMillis;
  private final long leaseWaitNanos;
  private final Cache<String, Stored<V>> l1;
  private final ConcurrentHashMap<String, CompletableFuture<Stored<V>>> flights =
      new ConcurrentHashMap<>();
  private final L2Store<V> l2;
  private final Coherence coherence;
  private final Semaphore originPermits;
  private final CacheMetrics metrics;
  private final ExecutorService refresher;

  public DefaultHybridCache(CacheSpec<K, V> spec) {
    this.spec = spec;
    this.clock = spec.clock();
    this.beta = spec.beta();
    this.ttlMillis = spec.ttl().toMillis();
    this.degradedL1TtlMillis = spec.degradedL1Ttl().toMillis();
    this.leaseWaitNanos = spec.leaseWait().toNanos();
    this.metrics = new CacheMetrics(spec.meterRegistry(), spec.name());
    this.l1 =
        Caffeine.newBuilder()
            .maximumSize(spec.l1MaximumSize())
            .expireAfterWrite(spec.l1Ttl())
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
            .build();
    this.l2 = new L2Store<>(spec, metrics.l2Errors);
    this.originPermits = new Semaphore(spec.maxConcurrentLoads());
    this.refresher =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "surge-cache-refresh " + spec.name());
              t.setDaemon(true);
              return t;
            });
    this.coherence =
        spec.curator() == null
            ? Coherence.none()
            : new ZkCoherence(spec.curator(), spec.zkPath(), clock, this::generationChanged);
  }

  @Override
  public String name() {
    return spec.name();
  }

  @Override
  public V get(K key) {
    Objects.requireNonNull(key, "key");
    String k = spec.keyRenderer().apply(key);
    long now = clock.millis();
    Stored<V> cached = l1.getIfPresent(k);
    if (cached != null && usableInL1(k, cached, now)) {
      metrics.l1Hits.increment();
      maybeRefreshEarly(key, k, cached, now);
      return cached.value();
    }
    // A shared flight may be an early refresh that kept an older copy; retry once on our own.
    for (int attempt = 0; ; attempt++) {
      Stored<V> loaded = loadThrough(key, k);
      if (attempt > 0 || usable(k, loaded, clock.millis())) {
        return loaded.value();
      }
    }
  }

  @Override
  public void put(K key, V value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    String k = spec.keyRenderer().apply(key);
    long generation = coherence.bump(k);
    long now = clock.millis();
    Stored<V> entry = new Stored<>(value, 0, now + ttlMillis, generation, now);
    l2.write(k, entry, now);
    l1.put(k, entry);
  }

  @Override
  public void invalidate(K key) {
    Objects.requireNonNull(key, "key");
    String k = spec.keyRenderer().apply(key);
    coherence.bump(k);
    l2.delete(k);
    l1.invalidate(k);
  }

  @Override
  public void close() {
    coherence.close();
    refresher.shutdownNow();
  }

  private boolean usableInL1(String k, Stored<V> entry, long now) {
    if (!usable(k, entry, now)) {
      return false;
    }
    return !coherence.degraded() || now - entry.storedAt() < degradedL1TtlMillis;
  }

  private boolean usable(String k, Stored<V> entry, long now) {
    return now < entry.expiryMillis() && entry.generation() >= coherence.generation(k);
  }

  /** Runs the load for {@code k} in this thread, or waits for the one already running. */
  private Stored<V> loadThrough(K key, String k) {
    CompletableFuture<Stored<V>> mine = new CompletableFuture<>();
    CompletableFuture<Stored<V>> running = flights.putIfAbsent(k, mine);
    if (running != null) {
      metrics.coalesced.increment();
      return await(running, k);
    }
    try {
      Stored<V> loaded = fetch(key, k, null);
      mine.complete(loaded);
      return loaded;
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      flights.remove(k, mine);
    }
  }

  private Stored<V> await(CompletableFuture<Stored<V>> flight, String k) {
    try {
      return flight.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CacheLoadException("interrupted while waiting for the load of '" + k + "'", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof CacheLoadException cle) {
        throw cle;
      }
      throw new CacheLoadException("load of '" + k + "' failed", e.getCause());
    }
  }

  /** Starts a background recompute when the XFetch draw says so and none is running here. */
  private void maybeRefreshEarly(K key, String k, Stored<V> current, long now) {
    if (beta == 0
        || XFetch.outsideWindow(now, current.deltaMillis(), beta, current.expiryMillis())
        || flights.containsKey(k)) {
      return;
    }
    RandomGenerator random = spec.random() != null ? spec.random() : ThreadLocalRandom.current();
    double draw = 1.0 - random.nextDouble();
    if (!XFetch.shouldRecompute(now, current.deltaMillis(), beta, current.expiryMillis(), draw)) {
      return;
    }
    CompletableFuture<Stored<V>> mine = new CompletableFuture<>();
    if (flights.putIfAbsent(k, mine) != null) {
      return;
    }
    metrics.earlyRefreshes.increment();
    try {
      refresher.execute(
          () -> {
            try {
              mine.complete(fetch(key, k, current));
            } catch (Throwable e) {
              log.warn("early refresh of '{}' in cache '{}' failed", k, spec.name(), e);
              mine.completeExceptionally(e);
            } finally {
              flights.remove(k, mine);
            }
          });
    } catch (RuntimeException rejected) {
      flights.remove(k, mine);
      mine.complete(current);
    }
  }

  /**
   * The L2 → lease → origin path. With {@code current} (an early refresh) a held lease means
   * another instance is recomputing, so the current copy is kept; without it (a miss) the reader
   * waits a bounded time for that instance's value before loading itself.
   */
  private Stored<V> fetch(K key, String k, Stored<V> current) {
    long generation = coherence.generation(k);
    Stored<V> shared = freshInL2(k, current, generation);
    if (shared != null) {
      return shared;
    }
    L2Store.Lease lease = l2.tryLease(k);
    try {
      if (lease.state() == L2Store.LeaseState.HELD_ELSEWHERE) {
        if (current != null) {
          return current;
        }
        Stored<V> awaited = awaitOtherInstance(k, generation);
        if (awaited != null) {
          return awaited;
        }
      } else if (lease.acquired()) {
        // The previous holder may have written and released between our read and our lease.
        shared = freshInL2(k, current, generation);
        if (shared != null) {
          return shared;
        }
      }
      Stored<V> loaded = loadOrigin(key, k, generation);
      l2.write(k, loaded, loaded.storedAt());
      l1.put(k, loaded);
      return loaded;
    } finally {
      l2.release(lease);
    }
  }

  /** An L2 entry that is valid, current, and newer than {@code current}; put into L1. */
  private Stored<V> freshInL2(String k, Stored<V> current, long generation) {
    Stored<V> entry = l2.read(k);
    long now = clock.millis();
    if (entry == null
        || now >= entry.expiryMillis()
        || entry.generation() < generation
        || (current != null && entry.expiryMillis() <= current.expiryMillis())) {
      return null;
    }
    metrics.l2Hits.increment();
    Stored<V> local = entry.storedAt(now);
    l1.put(k, local);
    return local;
  }

  private Stored<V> awaitOtherInstance(String k, long generation) {
    long deadline = System.nanoTime() + leaseWaitNanos;
    while (System.nanoTime() - deadline < 0) {
      LockSupport.parkNanos(LEASE_POLL_NANOS);
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        return null;
      }
      if (l2.backingOff()) {
        return null;
      }
      Stored<V> entry = freshInL2(k, null, generation);
      if (entry != null) {
        return entry;
      }
    }
    return null;
  }

  private Stored<V> loadOrigin(K key, String k, long generation) {
    boolean permitted;
    try {
      permitted = originPermits.tryAcquire(spec.loadPermitWait().toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CacheLoadException("interrupted while waiting for an origin permit", e);
    }
    if (!permitted) {
      throw new CacheLoadException(
          "cache '"
              + spec.name()
              + "': no origin permit within "
              + spec.loadPermitWait()
              + " ("
              + spec.maxConcurrentLoads()
              + " loads already running)");
    }
    try {
      long start = clock.millis();
      V value;
      try {
        value = spec.loader().apply(key);
      } catch (RuntimeException e) {
        throw new CacheLoadException(
            "loader of cache '" + spec.name() + "' failed for '" + k + "'", e);
      }
      metrics.loads.increment();
      if (value == null) {
        throw new CacheLoadException(
            "loader of cache '" + spec.name() + "' returned null for '" + k + "'");
      }
      long end = clock.millis();
      return new Stored<>(value, Math.max(0, end - start), end + ttlMillis, generation, end);
    } finally {
      originPermits.release();
    }
  }

  private void generationChanged(String k, long generation, long writtenAtMillis) {
    Stored<V> cached = l1.getIfPresent(k);
    if (cached != null && cached.generation() < generation) {
      l1.asMap().remove(k, cached);
    }
    Duration latency =
        writtenAtMillis < 0
            ? Duration.ZERO
            : Duration.ofMillis(Math.max(0, clock.millis() - writtenAtMillis));
    if (writtenAtMillis >= 0) {
      metrics.invalidation(latency);
    }
    try {
      spec.invalidationListener().invalidated(k, latency);
    } catch (RuntimeException e) {
      log.warn("invalidation listener of cache '{}' failed", spec.name(), e);
    }
  }
}

package dev.surge.gift;

import dev.surge.cache.HybridCache;
import dev.surge.cache.hot.HotKind;
import dev.surge.cache.warmup.Tick;
import dev.surge.cache.warmup.TickListener;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps HOT promotions in the cache so readers never meet an expired entry: every {@code
 * hotInterval} one instance of the cluster (the one that claims that period's slot in Redis)
 * reloads all HOT promotions from the origin, and on every tick of the 1-second loop the SPIKE ones
 * are reloaded.
 *
 * <p>A reload {@code put}s the fresh page, then re-reads the promotion's revision: if an admin
 * change committed while the page was loading, the put may have stored the older page, so the key
 * is invalidated again instead of serving it until the next reload.
 */
public final class PromotionWarmer implements TickListener, AutoCloseable {

  public static final Duration DEFAULT_HOT_INTERVAL = Duration.ofMinutes(1);
  public static final int DEFAULT_PARALLELISM = 4;

  private static final Logger log = LoggerFactory.getLogger(PromotionWarmer.class);

  private final HotPromotions hot;
  private final ProductOrigin origin;
  private final GiftStore store;
  private final HybridCache<Long, PromotionEntry> cache;
  private final RedissonClient redisson;
  private final String slotPrefix;
  private final Clock clock;
  private final Duration hotInterval;
  private final ExecutorService loaders;
  private final LongAdder refreshed = new LongAdder();
  private ScheduledExecutorService scheduler;

  public PromotionWarmer(
      HotPromotions hot,
      ProductOrigin origin,
      GiftStore store,
      HybridCache<Long, PromotionEntry> cache,
      RedissonClient redisson,
      String slotPrefix,
      Clock clock,
      Duration hotInterval) {
    this.hot = Objects.requireNonNull(hot, "hot");
    this.origin = Objects.requireNonNull(origin, "origin");
    this.store = Objects.requireNonNull(store, "store");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.redisson = Objects.requireNonNull(redisson, "redisson");
    this.slotPrefix = Objects.requireNonNull(slotPrefix, "slotPrefix");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (hotInterval.isNegative() || hotInterval.isZero()) {
      throw new IllegalArgumentException("hotInterval must be positive, was " + hotInterval);
    }
    this.hotInterval = hotInterval;
    this.loaders = Executors.newFixedThreadPool(DEFAULT_PARALLELISM, daemon("surge-gift-warmup"));
  }

  /** Checks every few seconds whether this period's HOT refresh is still unclaimed. */
  public synchronized void start() {
    if (scheduler != null) {
      return;
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(daemon("surge-gift-hot-warmup"));
    long check = Math.max(100, Math.min(5_000, hotInterval.toMillis() / 4));
    scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            refreshHotIfClaimed();
          } catch (RuntimeException e) {
            log.warn("HOT warm-up failed", e);
          }
        },
        check,
        check,
        TimeUnit.MILLISECONDS);
  }

  /**
   * Reloads every HOT promotion if this instance is the first to claim the current period; returns
   * how many were reloaded, or -1 when another instance has the period.
   */
  public int refreshHotIfClaimed() {
    long period = clock.millis() / hotInterval.toMillis();
    boolean claimed =
        redisson
            .<String>getBucket(slotPrefix + ":" + period)
            .setIfAbsent("claimed", hotInterval.multipliedBy(2));
    if (!claimed) {
      return -1;
    }
    return refresh(hot.recompute().stream().map(HotPromotions.Hot::promotionId).toList());
  }

  /** Reloads the SPIKE promotions; the 1-second loop's listener. */
  @Override
  public void onTick(Tick tick) {
    List<Long> spikes =
        hot.current().stream()
            .filter(h -> h.kind() == HotKind.SPIKE)
            .map(HotPromotions.Hot::promotionId)
            .toList();
    if (!spikes.isEmpty()) {
      refresh(spikes);
    }
  }

  /** Reloads the given promotions from the origin into the cache; returns how many succeeded. */
  public int refresh(Collection<Long> promotionIds) {
    List<Future<Boolean>> running = new ArrayList<>();
    for (long id : promotionIds) {
      running.add(loaders.submit(() -> refreshOne(id)));
    }
    int done = 0;
    for (Future<Boolean> f : running) {
      try {
        if (f.get()) {
          done++;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (ExecutionException e) {
        log.warn("warm-up of a promotion failed", e.getCause());
      }
    }
    return done;
  }

  /** Promotions reloaded so far by this instance. */
  public long refreshed() {
    return refreshed.sum();
  }

  private boolean refreshOne(long id) {
    PromotionEntry fresh = origin.load(id);
    if (!fresh.found()) {
      return false;
    }
    cache.put(id, fresh);
    if (store.revision(id).orElse(-1L) != fresh.revision()) {
      cache.invalidate(id);
    }
    refreshed.increment();
    return true;
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    loaders.shutdownNow();
  }
}

package dev.surge.gift;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The product service the promotion cache protects: reads a promotion page from the store after a
 * simulated network latency ({@code surge.gift.origin-latency}), so cache misses cost what they
 * would cost in production.
 */
public final class ProductOrigin {

  public static final Duration DEFAULT_LATENCY = Duration.ofMillis(50);

  private final GiftStore store;
  private final long latencyNanos;
  private final LongAdder calls = new LongAdder();

  public ProductOrigin(GiftStore store, Duration latency) {
    this.store = Objects.requireNonNull(store, "store");
    Objects.requireNonNull(latency, "latency");
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative, was " + latency);
    }
    this.latencyNanos = latency.toNanos();
  }

  public PromotionEntry load(long promotionId) {
    calls.increment();
    if (latencyNanos > 0) {
      long deadline = System.nanoTime() + latencyNanos;
      long left;
      while ((left = deadline - System.nanoTime()) > 0) {
        LockSupport.parkNanos(left);
        if (Thread.currentThread().isInterrupted()) {
          throw new IllegalStateException("interrupted while calling the product service");
        }
      }
    }
    return store.load(promotionId);
  }

  /** Calls made so far, by the cache and by warm-up. */
  public long calls() {
    return calls.sum();
  }
}

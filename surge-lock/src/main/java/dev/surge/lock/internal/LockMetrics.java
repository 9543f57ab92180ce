package dev.surge.lock.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lock meters, tagged by lock type only: raw keys (user ids) would give every user a time
 * series. Meters are cached per type so the hot path does no registry look-up.
 */
public final class LockMetrics {

  public static final String ACQUIRED = "surge.lock.acquired";
  public static final String NOT_ACQUIRED = "surge.lock.not_acquired";
  public static final String UNAVAILABLE = "surge.lock.unavailable";
  public static final String LEASE_LOST = "surge.lock.lease_lost";
  public static final String RELEASE_FAILED = "surge.lock.release_failed";
  public static final String WAIT = "surge.lock.wait";
  public static final String HOLD = "surge.lock.hold";
  public static final String TAG_TYPE = "type";
  public static final String TAG_OUTCOME = "outcome";

  private final MeterRegistry registry;
  private final ConcurrentHashMap<String, TypeMeters> byType = new ConcurrentHashMap<>();

  public LockMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  TypeMeters of(String type) {
    TypeMeters meters = byType.get(type);
    return meters != null ? meters : byType.computeIfAbsent(type, this::create);
  }

  private TypeMeters create(String type) {
    return new TypeMeters(
        counter(ACQUIRED, type),
        counter(NOT_ACQUIRED, type),
        counter(UNAVAILABLE, type),
        counter(LEASE_LOST, type),
        counter(RELEASE_FAILED, type),
        waitTimer(type, "acquired"),
        waitTimer(type, "not_acquired"),
        waitTimer(type, "unavailable"),
        Timer.builder(HOLD)
            .description("How long a lock was held, from acquisition to release")
            .tag(TAG_TYPE, type)
            .register(registry));
  }

  private Counter counter(String name, String type) {
    return Counter.builder(name).tag(TAG_TYPE, type).register(registry);
  }

  private Timer waitTimer(String type, String outcome) {
    return Timer.builder(WAIT)
        .description("How long callers waited for a lock, by outcome")
        .tag(TAG_TYPE, type)
        .tag(TAG_OUTCOME, outcome)
        .register(registry);
  }

  /** The meters of one lock type. */
  record TypeMeters(
      Counter acquired,
      Counter notAcquired,
      Counter unavailable,
      Counter leaseLost,
      Counter releaseFailed,
      Timer waitAcquired,
      Timer waitNotAcquired,
      Timer waitUnavailable,
      Timer hold) {

    void acquired(Duration waited) {
      acquired.increment();
      waitAcquired.record(waited);
    }

    void notAcquired(Duration waited) {
      notAcquired.increment();
      waitNotAcquired.record(waited);
    }

    void unavailable(Duration waited) {
      unavailable.increment();
      waitUnavailable.record(waited);
    }
  }
}

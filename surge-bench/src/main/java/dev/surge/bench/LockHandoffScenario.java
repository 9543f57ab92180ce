package dev.surge.bench;

import dev.surge.lock.LockKey;
import dev.surge.lock.LockOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.redisson.api.RLock;

/**
 * Hand-offs of one hot key between contenders: every thread locks the same key, does a tiny
 * critical section and unlocks, so each completed operation is one hand-off. Raw Redisson {@code
 * RLock.lock()/unlock()} against {@code Locks.withLock}. Goal: surge at least raw Redisson.
 */
public class LockHandoffScenario extends LockScenario {

  private static final LockOptions PATIENT =
      LockOptions.custom().waitTime(Duration.ofSeconds(60)).build();

  private final int contenders;
  private long sink;

  /** Four contenders. */
  public LockHandoffScenario() {
    this(4);
  }

  LockHandoffScenario(int contenders) {
    this.contenders = contenders;
  }

  @Override
  public String name() {
    return "lock-handoff-" + contenders;
  }

  @Override
  public String description() {
    return contenders
        + " contenders on one hot key: raw Redisson RLock vs Locks.withLock hand-offs per second;"
        + " goal ratio >= 1.0";
  }

  @Override
  public String metric() {
    return "handoffs_per_s";
  }

  @Override
  public List<Variant> variants() {
    return List.of(
        Variant.of("redisson-rlock", this::raw),
        Variant.of(Variant.SURGE, this::surge),
        Variant.of("redisson-async-owner", this::rawAsync));
  }

  private double raw() throws Exception {
    String name = LockKey.of("bench", run + ":hot-raw").redisKey();
    return Measure.throughput(
        contenders,
        ROUND,
        () -> {
          RLock lock = client.getLock(name);
          // Same bound as the surge variant's wait, so neither waits forever.
          if (!lock.tryLock(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("raw lock not acquired");
          }
          try {
            sink++;
          } finally {
            lock.unlock();
          }
        });
  }

  /**
   * Redisson's asynchronous tryLock with an explicit owner id, the primitive that lets surge's
   * locks belong to a call instead of a thread; separates its cost from surge's own.
   */
  private double rawAsync() throws Exception {
    String name = LockKey.of("bench", run + ":hot-async").redisKey();
    AtomicLong owners = new AtomicLong();
    return Measure.throughput(
        contenders,
        ROUND,
        () -> {
          long owner = -owners.incrementAndGet();
          RLock lock = client.getLock(name);
          if (!lock.tryLockAsync(60_000, -1, TimeUnit.MILLISECONDS, owner).get()) {
            throw new IllegalStateException("async lock not acquired");
          }
          try {
            sink++;
          } finally {
            lock.unlockAsync(owner).get();
          }
        });
  }

  private double surge() throws Exception {
    LockKey key = LockKey.of("bench", run + ":hot-surge");
    return Measure.throughput(contenders, ROUND, () -> locks.withLock(key, PATIENT, () -> sink++));
  }

  /** Sixteen contenders. */
  public static final class Sixteen extends LockHandoffScenario {
    public Sixteen() {
      super(16);
    }
  }
}

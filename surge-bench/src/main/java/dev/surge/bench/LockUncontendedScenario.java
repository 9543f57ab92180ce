package dev.surge.bench;

import dev.surge.lock.LockKey;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.redisson.api.RLock;

/**
 * Lock and unlock throughput with no contention: every thread locks its own key in a loop. Raw
 * Redisson {@code RLock.lock()/unlock()} against {@code Locks.withLock} (with metrics recorded).
 * Goal: surge at least 0.95 of raw Redisson.
 */
public class LockUncontendedScenario extends LockScenario {

  private final int threads;

  /** The single-thread scenario. */
  public LockUncontendedScenario() {
    this(1);
  }

  LockUncontendedScenario(int threads) {
    this.threads = threads;
  }

  @Override
  public String name() {
    return "lock-uncontended-" + threads;
  }

  @Override
  public String description() {
    return "uncontended lock+unlock on "
        + threads
        + " thread(s), own key each: raw Redisson RLock vs Locks.withLock; goal ratio >= 0.95";
  }

  @Override
  public String metric() {
    return "ops_per_s";
  }

  @Override
  public List<Variant> variants() {
    return List.of(Variant.of("redisson-rlock", this::raw), Variant.of(Variant.SURGE, this::surge));
  }

  private double raw() throws Exception {
    AtomicInteger next = new AtomicInteger();
    ThreadLocal<String> name =
        ThreadLocal.withInitial(
            () -> LockKey.of("bench", run + ":raw:" + next.incrementAndGet()).redisKey());
    return Measure.throughput(
        threads,
        ROUND,
        () -> {
          // Typical use: look the lock up by name on every call, as the key varies per request.
          RLock lock = client.getLock(name.get());
          lock.lock();
          lock.unlock();
        });
  }

  private double surge() throws Exception {
    AtomicInteger next = new AtomicInteger();
    ThreadLocal<LockKey> key =
        ThreadLocal.withInitial(
            () -> LockKey.of("bench", run + ":surge:" + next.incrementAndGet()));
    return Measure.throughput(threads, ROUND, () -> locks.withLock(key.get(), () -> {}));
  }

  /** Sixteen threads. */
  public static final class Sixteen extends LockUncontendedScenario {
    public Sixteen() {
      super(16);
    }
  }
}

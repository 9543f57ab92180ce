package dev.surge.lock.internal;

import dev.surge.lock.LockInterruptedException;
import dev.surge.lock.LockKey;
import dev.surge.lock.LockNotAcquiredException;
import dev.surge.lock.LockOptions;
import dev.surge.lock.LockUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.redisson.RedissonFencedLock;
import org.redisson.api.RFencedLock;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;

/**
 * Takes Redisson locks on behalf of a call rather than a thread, with a deadline of its own.
 *
 * <p>Redisson names a lock owner {@code clientId:threadId}. Every acquisition here passes a fresh
 * negative owner id in place of the thread id, so the lock belongs to the call: any thread may
 * release it, two calls on one thread (or on one virtual-thread carrier) never share a lock by
 * accident, and the ids never collide with real thread ids of plain Redisson users.
 */
public final class LockEngine {

  private static final AtomicLong OWNERS = new AtomicLong();

  private final RedissonClient client;
  private final Clock clock;
  private final LockMetrics metrics;
  private final long releaseTimeoutMillis;

  public LockEngine(
      RedissonClient client, Clock clock, LockMetrics metrics, Duration releaseTimeout) {
    this.client = Objects.requireNonNull(client, "client");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.releaseTimeoutMillis = releaseTimeout.toMillis();
  }

  /**
   * Takes the lock of {@code key} or throws; returns null instead of throwing {@link
   * LockNotAcquiredException} when {@code nullIfBusy}.
   */
  public DefaultHeldLock acquire(
      LockKey key, LockOptions options, boolean fenced, boolean nullIfBusy) {
    DefaultHeldLock outer = HeldKeys.innermost(this, key);
    long owner = outer != null ? outer.owner() : -OWNERS.incrementAndGet();
    long waitMillis = options.waitTime().toMillis();
    long leaseMillis = options.lease().map(Duration::toMillis).orElse(-1L);
    String name = key.redisKey();
    LockMetrics.TypeMeters meters = metrics.of(key.type());
    Instant start = clock.instant();
    if (Thread.currentThread().isInterrupted()) {
      // Sending the attempt anyway would take the lock for nobody until the late grant is undone.
      meters.notAcquired(Duration.ZERO);
      throw new LockInterruptedException(
          key, new InterruptedException("interrupted before waiting for lock " + key));
    }

    RLock lock;
    CompletableFuture<?> attempt;
    if (fenced) {
      RedissonFencedLock fencedLock = fencedLock(name);
      lock = fencedLock;
      attempt =
          fencedLock
              .tryLockAndGetTokenAsync(waitMillis, leaseMillis, TimeUnit.MILLISECONDS, owner)
              .toCompletableFuture();
    } else {
      lock = client.getLock(name);
      attempt =
          lock.tryLockAsync(waitMillis, leaseMillis, TimeUnit.MILLISECONDS, owner)
              .toCompletableFuture();
    }

    Object answer;
    try {
      answer =
          Deadlines.awaitGrant(
              attempt,
              waitMillis + options.storeTimeout().toMillis(),
              LockEngine::granted,
              late -> lock.unlockAsync(owner));
    } catch (TimeoutException e) {
      meters.unavailable(Duration.between(start, clock.instant()));
      throw new LockUnavailableException(
          key,
          "lock store did not answer for "
              + key
              + " within wait time "
              + options.waitTime().toMillis()
              + " ms + store timeout "
              + options.storeTimeout().toMillis()
              + " ms",
          e);
    } catch (ExecutionException e) {
      meters.unavailable(Duration.between(start, clock.instant()));
      throw new LockUnavailableException(
          key, "lock store failed for " + key + ": " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      meters.notAcquired(Duration.between(start, clock.instant()));
      Thread.currentThread().interrupt();
      throw new LockInterruptedException(key, e);
    }

    Instant acquiredAt = clock.instant();
    if (!granted(answer)) {
      meters.notAcquired(Duration.between(start, acquiredAt));
      if (nullIfBusy) {
        return null;
      }
      throw new LockNotAcquiredException(
          key, "lock " + key + " is held by another caller; waited " + waitMillis + " ms");
    }
    meters.acquired(Duration.between(start, acquiredAt));
    long token = fenced ? (Long) answer : DefaultHeldLock.NO_TOKEN;
    return new DefaultHeldLock(this, key, lock, owner, token, acquiredAt, meters);
  }

  /** Whether the current thread is inside a lock of this engine for {@code key}. */
  public boolean holds(LockKey key) {
    return HeldKeys.innermost(this, key) != null;
  }

  Clock clock() {
    return clock;
  }

  long releaseTimeoutMillis() {
    return releaseTimeoutMillis;
  }

  private RedissonFencedLock fencedLock(String name) {
    RFencedLock lock = client.getFencedLock(name);
    if (lock instanceof RedissonFencedLock fencedLock) {
      return fencedLock;
    }
    // Only the implementation class takes an owner id in place of the current thread's id.
    throw new UnsupportedOperationException(
        "fenced locks need org.redisson.RedissonFencedLock, the client returned "
            + lock.getClass().getName());
  }

  /** A tryLock answers Boolean; a fenced tryLock answers the token, or null when busy. */
  private static boolean granted(Object answer) {
    return answer instanceof Boolean b ? b : answer != null;
  }
}

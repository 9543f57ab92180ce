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
import org.redisson.Redisson;
import org.redisson.RedissonFencedLock;
import org.redisson.RedissonLockEntry;
import org.redisson.api.RFencedLock;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.redisson.command.CommandAsyncExecutor;

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

  /**
   * How long a waiter parks before it asks how long the holder's lease has left: a release is
   * published, but a lease that runs out (a dead holder, a fixed lease) is not.
   */
  private static final long PROBE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /** PTTL's answer for a key that does not exist. */
  private static final long NO_KEY = -2;

  private final RedissonClient client;
  private final Clock clock;
  private final LockMetrics metrics;
  private final long releaseTimeoutMillis;
  // Null when the client is not Redisson's own: then Redisson's asynchronous wait is used.
  private final CommandAsyncExecutor executor;
  private final LocalGates gates = new LocalGates();

  public LockEngine(
      RedissonClient client, Clock clock, LockMetrics metrics, Duration releaseTimeout) {
    this.client = Objects.requireNonNull(client, "client");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.releaseTimeoutMillis = releaseTimeout.toMillis();
    this.executor = client instanceof Redisson redisson ? redisson.getCommandExecutor() : null;
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

    RLock lock = fenced ? fencedLock(name) : client.getLock(name);
    long waitEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
    long storeEnd = waitEnd + options.storeTimeout().toNanos();

    LocalGates.Gate gate = null;
    boolean handedOn = false;
    try {
      Object answer;
      try {
        // A nested call re-enters the outer call's lock and must not queue behind it.
        // Without the permit (wait over, or the holder's lease ran out) Redis answers anyway.
        gate = outer != null ? null : gates.enter(name, waitEnd);
        if (gate == LocalGates.BUSY) {
          gate = null;
          answer = null;
        } else {
          answer = waitForLock(lock, fenced, owner, leaseMillis, waitEnd, storeEnd);
        }
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
      if (gate != null) {
        gate.granted(
            leaseMillis > 0
                ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(leaseMillis)
                : Long.MAX_VALUE);
      }
      long token = fenced ? (Long) answer : DefaultHeldLock.NO_TOKEN;
      DefaultHeldLock held =
          new DefaultHeldLock(this, key, lock, owner, token, acquiredAt, meters, gate);
      handedOn = true;
      return held;
    } finally {
      if (gate != null && !handedOn) {
        gates.exit(name, gate);
      }
    }
  }

  /**
   * Tries the lock, and while it is busy parks on the key's unlock channel and tries again after
   * every release, until granted or {@code waitEnd}; answers the last attempt's value.
   *
   * <p>The caller's own thread waits, as in Redisson's blocking {@code tryLock}, so the woken
   * waiter sends its next attempt at once instead of through timer tasks on the event loops.
   * Without a Redisson client to subscribe with, Redisson's asynchronous wait does it instead.
   */
  private Object waitForLock(
      RLock lock, boolean fenced, long owner, long leaseMillis, long waitEnd, long storeEnd)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (executor == null) {
      long waitMillis = TimeUnit.NANOSECONDS.toMillis(Math.max(0, waitEnd - System.nanoTime()));
      return attempt(lock, fenced, owner, waitMillis, leaseMillis, storeEnd);
    }
    Object answer = attempt(lock, fenced, owner, 0, leaseMillis, storeEnd);
    if (granted(answer) || waitEnd - System.nanoTime() <= 0) {
      return answer;
    }
    UnlockChannel channel = new UnlockChannel(executor, lock.getName());
    RedissonLockEntry entry = join(channel, waitEnd);
    if (entry == null) {
      return answer;
    }
    try {
      while (true) {
        // The first try after joining covers a release published before the subscription.
        answer = attempt(lock, fenced, owner, 0, leaseMillis, storeEnd);
        if (granted(answer) || waitEnd - System.nanoTime() <= 0) {
          return answer;
        }
        if (!park(entry, Math.min(waitEnd - System.nanoTime(), PROBE_NANOS))) {
          if (waitEnd - System.nanoTime() > PROBE_NANOS) {
            // No release for a while: the holder may be gone, so wait for its lease to run out.
            long ttl = Deadlines.await(lock.remainTimeToLiveAsync(), storeEnd);
            if (ttl != NO_KEY) {
              long lease = ttl < 0 ? Long.MAX_VALUE : TimeUnit.MILLISECONDS.toNanos(ttl);
              park(entry, Math.min(waitEnd - System.nanoTime(), lease));
            }
          } else {
            park(entry, waitEnd - System.nanoTime());
          }
        }
        if (waitEnd - System.nanoTime() <= 0) {
          // Like Redisson: a wait that ran out answers busy rather than asking Redis once more.
          return answer;
        }
      }
    } finally {
      channel.leave(entry);
    }
  }

  /** One try that does not wait in Redisson (unless {@code waitMillis} > 0). */
  private static Object attempt(
      RLock lock, boolean fenced, long owner, long waitMillis, long leaseMillis, long storeEnd)
      throws InterruptedException, ExecutionException, TimeoutException {
    CompletableFuture<?> attempt =
        fenced
            ? ((RedissonFencedLock) lock)
                .tryLockAndGetTokenAsync(waitMillis, leaseMillis, TimeUnit.MILLISECONDS, owner)
                .toCompletableFuture()
            : lock.tryLockAsync(waitMillis, leaseMillis, TimeUnit.MILLISECONDS, owner)
                .toCompletableFuture();
    return Deadlines.awaitGrant(
        attempt, storeEnd, LockEngine::granted, late -> lock.unlockAsync(owner));
  }

  /** The key's unlock subscription, or null if Redis did not confirm it before {@code waitEnd}. */
  private static RedissonLockEntry join(UnlockChannel channel, long waitEnd)
      throws InterruptedException, ExecutionException {
    CompletableFuture<RedissonLockEntry> joining = channel.join();
    try {
      return joining.get(Math.max(0, waitEnd - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | InterruptedException e) {
      if (!joining.completeExceptionally(e)) {
        joining.thenAccept(channel::leave);
      }
      if (e instanceof InterruptedException interrupted) {
        throw interrupted;
      }
      return null;
    }
  }

  /** Waits up to {@code nanos} for a release of the key; false if none came. */
  private static boolean park(RedissonLockEntry entry, long nanos) throws InterruptedException {
    return nanos > 0 && entry.getLatch().tryAcquire(nanos, TimeUnit.NANOSECONDS);
  }

  /** Whether the current thread is inside a lock of this engine for {@code key}. */
  public boolean holds(LockKey key) {
    return HeldKeys.innermost(this, key) != null;
  }

  Clock clock() {
    return clock;
  }

  /** Gives back the local permit of a released lock. */
  void exitGate(LockKey key, LocalGates.Gate gate) {
    gates.exit(key.redisKey(), gate);
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

package dev.surge.lock.internal;

import dev.surge.lock.HeldLock;
import dev.surge.lock.LockKey;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.redisson.api.RLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One acquisition: the Redisson lock object that took it, its owner id and its token. */
public final class DefaultHeldLock implements HeldLock {

  static final long NO_TOKEN = Long.MIN_VALUE;

  private static final Logger log = LoggerFactory.getLogger(DefaultHeldLock.class);

  private final LockEngine engine;
  private final LockKey key;
  // The same object must unlock: it remembers the lease it was taken with.
  private final RLock lock;
  private final long owner;
  private final long token;
  private final Instant acquiredAt;
  private final LockMetrics.TypeMeters meters;
  private final AtomicBoolean released = new AtomicBoolean();
  // The engine's local permit for the key, or null (a nested call, or taken past a local queue).
  private final LocalGates.Gate gate;

  DefaultHeldLock(
      LockEngine engine,
      LockKey key,
      RLock lock,
      long owner,
      long token,
      Instant acquiredAt,
      LockMetrics.TypeMeters meters,
      LocalGates.Gate gate) {
    this.engine = engine;
    this.key = key;
    this.lock = lock;
    this.owner = owner;
    this.token = token;
    this.acquiredAt = acquiredAt;
    this.meters = meters;
    this.gate = gate;
  }

  @Override
  public LockKey key() {
    return key;
  }

  @Override
  public OptionalLong fencingToken() {
    return token == NO_TOKEN ? OptionalLong.empty() : OptionalLong.of(token);
  }

  /** The token, for callers that know the lock is fenced. */
  public long token() {
    if (token == NO_TOKEN) {
      throw new IllegalStateException("lock " + key + " was not taken as a fenced lock");
    }
    return token;
  }

  @Override
  public <T> T within(Supplier<T> body) {
    if (released.get()) {
      throw new IllegalStateException("lock " + key + " was already released");
    }
    HeldKeys.push(this);
    try {
      return body.get();
    } finally {
      HeldKeys.pop(this);
    }
  }

  @Override
  public void release() {
    if (!released.compareAndSet(false, true)) {
      return;
    }
    meters.hold().record(Duration.between(acquiredAt, engine.clock().instant()));
    try {
      Deadlines.awaitUninterruptibly(
          lock.unlockAsync(owner).toCompletableFuture(), engine.releaseTimeoutMillis());
    } catch (ExecutionException e) {
      onReleaseFailure(e.getCause());
    } catch (TimeoutException e) {
      meters.releaseFailed().increment();
      log.warn(
          "releasing lock {} got no answer within {} ms; it expires with its lease",
          key,
          engine.releaseTimeoutMillis());
    } finally {
      if (gate != null) {
        engine.exitGate(key, gate);
      }
    }
  }

  @Override
  public void close() {
    release();
  }

  private void onReleaseFailure(Throwable failure) {
    if (isNotOwned(failure)) {
      meters.leaseLost().increment();
      log.warn(
          "lock {} expired before its holder finished (fixed lease shorter than the body); "
              + "another caller may have run concurrently, only fenced writes were protected",
          key);
    } else {
      meters.releaseFailed().increment();
      log.warn("releasing lock {} failed; it expires with its lease", key, failure);
    }
  }

  /**
   * Redisson reports unlocking a lock this owner no longer holds as IllegalMonitorStateException.
   */
  private static boolean isNotOwned(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof IllegalMonitorStateException) {
        return true;
      }
    }
    return false;
  }

  LockEngine engine() {
    return engine;
  }

  long owner() {
    return owner;
  }

  @Override
  public String toString() {
    return "HeldLock{" + key + (token == NO_TOKEN ? "" : ", token=" + token) + '}';
  }
}

package dev.surge.lock;

import dev.surge.lock.internal.DefaultHeldLock;
import dev.surge.lock.internal.LockEngine;
import dev.surge.lock.internal.LockMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.redisson.api.RedissonClient;

/**
 * Distributed locks you call around exactly the critical section: {@code locks.withLock(key, () ->
 * wallet.debit(...))}. Replaces an AOP annotation that locked whole public methods by a SpEL key.
 *
 * <p>Every call either runs its body under the lock and releases it (also when the body throws,
 * whose exception then propagates unchanged), or does not run the body and throws a {@link
 * LockException}: {@link LockNotAcquiredException} when another holder kept the lock for the whole
 * wait time, {@link LockUnavailableException} when Redis failed or did not answer within the wait
 * time plus the store timeout, {@link LockInterruptedException} when the caller was interrupted.
 *
 * <p>A lock belongs to the call, not to the thread, so it is safe with virtual threads and can be
 * released from another thread ({@link #acquire}). A nested call for a key the current call already
 * holds re-enters. Thread-safe; build one per {@link RedissonClient} and share it.
 */
public final class Locks {

  /** How long a release waits for Redis before leaving the lock to expire with its lease. */
  public static final Duration DEFAULT_RELEASE_TIMEOUT = Duration.ofSeconds(1);

  /** Counter of acquisitions, tagged {@code type}. */
  public static final String METRIC_ACQUIRED = LockMetrics.ACQUIRED;

  /** Counter of calls that found the lock busy for the whole wait time (or were interrupted). */
  public static final String METRIC_NOT_ACQUIRED = LockMetrics.NOT_ACQUIRED;

  /** Counter of calls that failed because Redis failed or did not answer in time. */
  public static final String METRIC_UNAVAILABLE = LockMetrics.UNAVAILABLE;

  /**
   * Counter of releases that found the lock no longer held: a fixed lease ran out under the body.
   */
  public static final String METRIC_LEASE_LOST = LockMetrics.LEASE_LOST;

  /** Counter of releases that Redis failed or did not answer; the lock expires with its lease. */
  public static final String METRIC_RELEASE_FAILED = LockMetrics.RELEASE_FAILED;

  /** Timer of waiting for a lock, tagged {@code type} and {@code outcome}. */
  public static final String METRIC_WAIT = LockMetrics.WAIT;

  /** Timer of holding a lock, from acquisition to release, tagged {@code type}. */
  public static final String METRIC_HOLD = LockMetrics.HOLD;

  private final LockEngine engine;
  private final LockOptions defaultOptions;

  private Locks(Builder builder, MeterRegistry meterRegistry) {
    this.defaultOptions = builder.defaultOptions;
    this.engine =
        new LockEngine(
            builder.client, builder.clock, new LockMetrics(meterRegistry), builder.releaseTimeout);
  }

  /** A builder for locks stored through {@code client}. */
  public static Builder builder(RedissonClient client) {
    return new Builder(client);
  }

  /** The options of the overloads that take none. */
  public LockOptions defaultOptions() {
    return defaultOptions;
  }

  /** Runs {@code body} under the lock of {@code key} and returns its value. */
  public <T> T withLock(LockKey key, LockOptions options, Supplier<T> body) {
    Objects.requireNonNull(body, "body");
    HeldLock held = acquire(key, options);
    try {
      return held.within(body);
    } finally {
      held.release();
    }
  }

  public <T> T withLock(LockKey key, Supplier<T> body) {
    return withLock(key, defaultOptions, body);
  }

  public void withLock(LockKey key, LockOptions options, Runnable body) {
    Objects.requireNonNull(body, "body");
    withLock(key, options, asSupplier(body));
  }

  public void withLock(LockKey key, Runnable body) {
    withLock(key, defaultOptions, body);
  }

  /**
   * Runs {@code body} under the lock if it can be taken within the wait time, for jobs that skip
   * work another instance is already doing. A busy lock is a result, not an exception; a failing
   * store still throws {@link LockUnavailableException}.
   */
  public <T> LockResult<T> tryWithLock(LockKey key, LockOptions options, Supplier<T> body) {
    Objects.requireNonNull(body, "body");
    DefaultHeldLock held = engine.acquire(check(key), check(options), false, true);
    if (held == null) {
      return LockResult.notAcquired();
    }
    try {
      return LockResult.acquired(held.within(body));
    } finally {
      held.release();
    }
  }

  public <T> LockResult<T> tryWithLock(LockKey key, Supplier<T> body) {
    return tryWithLock(key, defaultOptions, body);
  }

  public LockResult<Void> tryWithLock(LockKey key, LockOptions options, Runnable body) {
    Objects.requireNonNull(body, "body");
    return tryWithLock(key, options, asSupplier(body));
  }

  public LockResult<Void> tryWithLock(LockKey key, Runnable body) {
    return tryWithLock(key, defaultOptions, body);
  }

  /**
   * Runs {@code body} under the lock with the acquisition's fencing token, which increases with
   * every acquisition of {@code key}. Storage that accepts a write only with a token above the last
   * one it saw rejects a holder whose lease ran out while it was paused; see {@link FencedBody}.
   * Fenced and plain locks of one key exclude each other.
   */
  public <T> T withFencedLock(LockKey key, LockOptions options, FencedBody<T> body) {
    Objects.requireNonNull(body, "body");
    DefaultHeldLock held = engine.acquire(check(key), check(options), true, false);
    try {
      long token = held.token();
      return held.within(() -> body.apply(token));
    } finally {
      held.release();
    }
  }

  public <T> T withFencedLock(LockKey key, FencedBody<T> body) {
    return withFencedLock(key, defaultOptions, body);
  }

  /**
   * Takes the lock of {@code key} and returns it held; the caller must {@link HeldLock#release()}
   * it, from any thread. For critical sections that end in a callback, such as a transaction's
   * completion; otherwise use {@link #withLock}.
   */
  public HeldLock acquire(LockKey key, LockOptions options) {
    return engine.acquire(check(key), check(options), false, false);
  }

  /** Like {@link #acquire}, with a {@link HeldLock#fencingToken() fencing token}. */
  public HeldLock acquireFenced(LockKey key, LockOptions options) {
    return engine.acquire(check(key), check(options), true, false);
  }

  /**
   * Throws {@link IllegalStateException} unless the current call runs inside {@link #withLock} (or
   * {@link HeldLock#within}) of this {@code Locks} for {@code key}; a guard for code that must only
   * run under its lock. Bound to the thread: work a body hands to another thread fails the check.
   */
  public void assertHeld(LockKey key) {
    if (!isHeld(key)) {
      throw new IllegalStateException("lock " + key + " is not held by the current call");
    }
  }

  /** Whether the current call runs inside a lock of this {@code Locks} for {@code key}. */
  public boolean isHeld(LockKey key) {
    return engine.holds(check(key));
  }

  private static LockKey check(LockKey key) {
    return Objects.requireNonNull(key, "key");
  }

  private static LockOptions check(LockOptions options) {
    return Objects.requireNonNull(options, "options");
  }

  private static Supplier<Void> asSupplier(Runnable body) {
    return () -> {
      body.run();
      return null;
    };
  }

  /** Builds {@link Locks}; only the Redisson client is required. */
  public static final class Builder {

    private final RedissonClient client;
    private Clock clock = Clock.systemUTC();
    private MeterRegistry meterRegistry;
    private LockOptions defaultOptions = LockOptions.DEFAULTS;
    private Duration releaseTimeout = DEFAULT_RELEASE_TIMEOUT;

    private Builder(RedissonClient client) {
      this.client = Objects.requireNonNull(client, "redisson client must not be null");
    }

    /** The clock that wait and hold times are measured with. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock must not be null");
      return this;
    }

    /** Where the {@code surge.lock.*} meters go; without one they are not recorded. */
    public Builder meterRegistry(MeterRegistry meterRegistry) {
      this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry must not be null");
      return this;
    }

    /** Options for the overloads that take none; {@link LockOptions#DEFAULTS} unless set. */
    public Builder defaultOptions(LockOptions defaultOptions) {
      this.defaultOptions =
          Objects.requireNonNull(defaultOptions, "defaultOptions must not be null");
      return this;
    }

    /** See {@link #DEFAULT_RELEASE_TIMEOUT}. */
    public Builder releaseTimeout(Duration releaseTimeout) {
      Objects.requireNonNull(releaseTimeout, "releaseTimeout must not be null");
      if (releaseTimeout.toMillis() < 1) {
        throw new IllegalArgumentException(
            "releaseTimeout must be at least 1 ms, was " + releaseTimeout);
      }
      this.releaseTimeout = releaseTimeout;
      return this;
    }

    public Locks build() {
      // A composite with no registries turns every meter into a no-op.
      return new Locks(this, meterRegistry != null ? meterRegistry : new CompositeMeterRegistry());
    }
  }
}

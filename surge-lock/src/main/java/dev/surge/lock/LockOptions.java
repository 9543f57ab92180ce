package dev.surge.lock;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How one critical section takes its lock: how long to wait for it, how long the store may take to
 * answer beyond that, and whether the lease is renewed while the body runs (the default) or fixed.
 *
 * <p>Immutable; build with {@code LockOptions.custom().waitTime(...).build()}. Every bad setting is
 * rejected when it is set, with the value in the message.
 */
public final class LockOptions {

  /** How long a caller waits for a busy lock before {@link LockNotAcquiredException}. */
  public static final Duration DEFAULT_WAIT_TIME = Duration.ofSeconds(3);

  /**
   * How long past the wait time the store may take to answer before the lock counts as unavailable.
   * Redisson's own timeouts and retries take seconds; this bound keeps a Redis outage as fast to
   * report as a busy lock. 90 ms leaves 10 ms for waking the caller, so an outage is reported
   * within the wait time plus 100 ms.
   */
  public static final Duration DEFAULT_STORE_TIMEOUT = Duration.ofMillis(90);

  /** Longest accepted wait time; a longer wait is almost always a unit mistake. */
  public static final Duration MAX_WAIT_TIME = Duration.ofMinutes(10);

  /**
   * The defaults: wait {@link #DEFAULT_WAIT_TIME}, renewed lease, {@link #DEFAULT_STORE_TIMEOUT}.
   */
  public static final LockOptions DEFAULTS = custom().build();

  private final Duration waitTime;
  private final Duration lease;
  private final Duration storeTimeout;

  private LockOptions(Builder builder) {
    this.waitTime = builder.waitTime;
    this.lease = builder.lease;
    this.storeTimeout = builder.storeTimeout;
  }

  public static Builder custom() {
    return new Builder();
  }

  /** A builder starting from these options. */
  public static Builder from(LockOptions options) {
    Builder builder = new Builder();
    builder.waitTime = options.waitTime;
    builder.lease = options.lease;
    builder.storeTimeout = options.storeTimeout;
    return builder;
  }

  public Duration waitTime() {
    return waitTime;
  }

  /**
   * The fixed lease, or empty when the lease is renewed by Redisson's watchdog while the body runs
   * (and expires one watchdog timeout after the holding process dies).
   */
  public Optional<Duration> lease() {
    return Optional.ofNullable(lease);
  }

  public Duration storeTimeout() {
    return storeTimeout;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LockOptions other
        && waitTime.equals(other.waitTime)
        && Objects.equals(lease, other.lease)
        && storeTimeout.equals(other.storeTimeout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(waitTime, lease, storeTimeout);
  }

  @Override
  public String toString() {
    return "LockOptions{waitTime="
        + waitTime
        + ", lease="
        + (lease == null ? "renewed" : lease)
        + ", storeTimeout="
        + storeTimeout
        + '}';
  }

  /** Builds {@link LockOptions}; each setter validates its argument at once. */
  public static final class Builder {

    private Duration waitTime = DEFAULT_WAIT_TIME;
    private Duration lease;
    private Duration storeTimeout = DEFAULT_STORE_TIMEOUT;

    private Builder() {}

    /** How long to wait for a busy lock; zero tries once. */
    public Builder waitTime(Duration waitTime) {
      Objects.requireNonNull(waitTime, "waitTime must not be null");
      if (waitTime.isNegative()) {
        throw new IllegalArgumentException("waitTime must be >= 0, was " + waitTime);
      }
      if (waitTime.compareTo(MAX_WAIT_TIME) > 0) {
        throw new IllegalArgumentException(
            "waitTime must be <= " + MAX_WAIT_TIME + ", was " + waitTime);
      }
      this.waitTime = waitTime;
      return this;
    }

    /**
     * A fixed lease: the lock expires this long after it is taken even if the body still runs. Only
     * for bodies with a hard time bound; pair it with fencing, since a slow body then runs
     * unprotected.
     */
    public Builder lease(Duration lease) {
      Objects.requireNonNull(lease, "lease must not be null; use renewedLease() for the default");
      if (lease.toMillis() < 1) {
        throw new IllegalArgumentException("lease must be at least 1 ms, was " + lease);
      }
      this.lease = lease;
      return this;
    }

    /** The default lease: renewed while the body runs, so it never expires under a live holder. */
    public Builder renewedLease() {
      this.lease = null;
      return this;
    }

    /**
     * How long past the wait time the store may take to answer; see {@link #DEFAULT_STORE_TIMEOUT}.
     */
    public Builder storeTimeout(Duration storeTimeout) {
      Objects.requireNonNull(storeTimeout, "storeTimeout must not be null");
      if (storeTimeout.toMillis() < 1) {
        throw new IllegalArgumentException(
            "storeTimeout must be at least 1 ms, was " + storeTimeout);
      }
      this.storeTimeout = storeTimeout;
      return this;
    }

    public LockOptions build() {
      return new LockOptions(this);
    }
  }
}

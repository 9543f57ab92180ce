package dev.surge.transfer;

import java.time.Duration;
import java.util.Objects;

/** How transfers are executed, dispatched and recovered; immutable, see {@link #custom()}. */
public final class TransferSettings {

  /** Bank calls per execution, the first included, before a transfer fails. */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;

  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(200);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(2);

  /**
   * How long a row may stay PROCESSING (or REQUESTED) before a sweep treats its worker as dead; far
   * longer than a bounded bank call with its retries, so a live worker is never swept.
   */
  public static final Duration DEFAULT_STUCK_AFTER = Duration.ofMinutes(5);

  /** How long a dispatched DELAYED row waits for its consumer before it is dispatched again. */
  public static final Duration DEFAULT_REDISPATCH_AFTER = Duration.ofMinutes(10);

  /** Rows read and published per database round trip of a dispatch. */
  public static final int DEFAULT_DISPATCH_BATCH = 500;

  /** Calls per second one instance makes to one bank. */
  public static final int DEFAULT_BANK_PERMITS_PER_SECOND = 500;

  /** How long an execution waits for a bank permit before backing off. */
  public static final Duration DEFAULT_BANK_PERMIT_WAIT = Duration.ofSeconds(2);

  public static final TransferSettings DEFAULTS = custom().build();

  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration stuckAfter;
  private final Duration redispatchAfter;
  private final int dispatchBatch;
  private final int bankPermitsPerSecond;
  private final Duration bankPermitWait;

  private TransferSettings(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.stuckAfter = b.stuckAfter;
    this.redispatchAfter = b.redispatchAfter;
    this.dispatchBatch = b.dispatchBatch;
    this.bankPermitsPerSecond = b.bankPermitsPerSecond;
    this.bankPermitWait = b.bankPermitWait;
  }

  public static Builder custom() {
    return new Builder();
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  /** The wait after {@code failed} (>= 1) failed bank calls: doubling, capped. */
  public Duration backoffAfter(int failed) {
    long nanos = initialBackoff.toNanos() << Math.min(failed - 1, 20);
    return nanos <= 0 || nanos > maxBackoff.toNanos() ? maxBackoff : Duration.ofNanos(nanos);
  }

  public Duration stuckAfter() {
    return stuckAfter;
  }

  public Duration redispatchAfter() {
    return redispatchAfter;
  }

  public int dispatchBatch() {
    return dispatchBatch;
  }

  public int bankPermitsPerSecond() {
    return bankPermitsPerSecond;
  }

  public Duration bankPermitWait() {
    return bankPermitWait;
  }

  /** Builds {@link TransferSettings}; each setter rejects a bad value at once. */
  public static final class Builder {
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
    private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
    private Duration stuckAfter = DEFAULT_STUCK_AFTER;
    private Duration redispatchAfter = DEFAULT_REDISPATCH_AFTER;
    private int dispatchBatch = DEFAULT_DISPATCH_BATCH;
    private int bankPermitsPerSecond = DEFAULT_BANK_PERMITS_PER_SECOND;
    private Duration bankPermitWait = DEFAULT_BANK_PERMIT_WAIT;

    private Builder() {}

    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1 || maxAttempts > 100) {
        throw new IllegalArgumentException("maxAttempts must be in [1, 100], was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** Backoff between bank calls: {@code initial}, doubling up to {@code max}. */
    public Builder backoff(Duration initial, Duration max) {
      Objects.requireNonNull(initial, "initial backoff");
      Objects.requireNonNull(max, "max backoff");
      if (initial.isNegative() || max.compareTo(initial) < 0) {
        throw new IllegalArgumentException(
            "backoff needs 0 <= initial <= max, was " + initial + " and " + max);
      }
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    public Builder stuckAfter(Duration stuckAfter) {
      this.stuckAfter = positive(stuckAfter, "stuckAfter");
      return this;
    }

    public Builder redispatchAfter(Duration redispatchAfter) {
      this.redispatchAfter = positive(redispatchAfter, "redispatchAfter");
      return this;
    }

    public Builder dispatchBatch(int dispatchBatch) {
      if (dispatchBatch < 1 || dispatchBatch > 10_000) {
        throw new IllegalArgumentException(
            "dispatchBatch must be in [1, 10000], was " + dispatchBatch);
      }
      this.dispatchBatch = dispatchBatch;
      return this;
    }

    public Builder bankPermitsPerSecond(int permits) {
      if (permits < 1) {
        throw new IllegalArgumentException("bankPermitsPerSecond must be >= 1, was " + permits);
      }
      this.bankPermitsPerSecond = permits;
      return this;
    }

    public Builder bankPermitWait(Duration wait) {
      Objects.requireNonNull(wait, "bankPermitWait");
      if (wait.isNegative()) {
        throw new IllegalArgumentException("bankPermitWait must be >= 0, was " + wait);
      }
      this.bankPermitWait = wait;
      return this;
    }

    public TransferSettings build() {
      if (maxBackoff.multipliedBy(maxAttempts).compareTo(stuckAfter) >= 0) {
        throw new IllegalStateException(
            "stuckAfter ("
                + stuckAfter
                + ") must exceed the retries of one execution ("
                + maxAttempts
                + " x "
                + maxBackoff
                + "), or a live worker could be swept");
      }
      return new TransferSettings(this);
    }

    private static Duration positive(Duration value, String what) {
      Objects.requireNonNull(value, what);
      if (value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException(what + " must be positive, was " + value);
      }
      return value;
    }
  }
}

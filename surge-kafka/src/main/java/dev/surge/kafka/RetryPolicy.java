package dev.surge.kafka;

import java.time.Duration;
import java.util.Objects;

/**
 * How often a failing record is tried and how long its key waits between tries; immutable.
 *
 * <p>While a record waits for its next try it holds no worker thread, and later records of the same
 * key wait behind it so the key's order is kept; other keys keep running.
 *
 * <p>The policy applies to retryable failures only: a handler throws {@link NonRetryableException}
 * (a record that cannot be deserialized counts the same) to skip the remaining attempts and have
 * the record dead-lettered at once, so a long policy meant for outages does not hold a key for
 * hours behind a record that can never succeed.
 */
public final class RetryPolicy {

  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(200);
  public static final double DEFAULT_MULTIPLIER = 2.0;
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);

  private static final RetryPolicy DEFAULTS =
      exponential(
          DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_BACKOFF, DEFAULT_MULTIPLIER, DEFAULT_MAX_BACKOFF);

  private final int maxAttempts;
  private final Duration initialBackoff;
  private final double multiplier;
  private final Duration maxBackoff;

  private RetryPolicy(
      int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff) {
    this.maxAttempts = maxAttempts;
    this.initialBackoff = initialBackoff;
    this.multiplier = multiplier;
    this.maxBackoff = maxBackoff;
  }

  /** Three attempts, 200 ms then 400 ms apart. */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /** One attempt: a failing record goes to the dead-letter topic at once. */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, 1.0, Duration.ZERO);
  }

  /** {@code maxAttempts} tries (the first included), {@code backoff} apart. */
  public static RetryPolicy fixed(int maxAttempts, Duration backoff) {
    return exponential(maxAttempts, backoff, 1.0, backoff);
  }

  /**
   * {@code maxAttempts} tries (the first included); the wait starts at {@code initialBackoff} and
   * is multiplied by {@code multiplier} after each failure, up to {@code maxBackoff}.
   */
  public static RetryPolicy exponential(
      int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
    }
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (initialBackoff.isNegative()) {
      throw new IllegalArgumentException("initialBackoff must be >= 0, was " + initialBackoff);
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException(
          "multiplier must be a finite number >= 1, was " + multiplier);
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff (" + maxBackoff + ") must be >= initialBackoff (" + initialBackoff + ")");
    }
    return new RetryPolicy(maxAttempts, initialBackoff, multiplier, maxBackoff);
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** The wait before the next try after {@code failedAttempts} (>= 1) failed tries. */
  public Duration backoffAfter(int failedAttempts) {
    if (failedAttempts < 1) {
      throw new IllegalArgumentException("failedAttempts must be >= 1, was " + failedAttempts);
    }
    double nanos = initialBackoff.toNanos() * Math.pow(multiplier, failedAttempts - 1);
    return nanos >= maxBackoff.toNanos() ? maxBackoff : Duration.ofNanos((long) nanos);
  }

  @Override
  public String toString() {
    return "RetryPolicy[maxAttempts="
        + maxAttempts
        + ", initialBackoff="
        + initialBackoff
        + ", multiplier="
        + multiplier
        + ", maxBackoff="
        + maxBackoff
        + "]";
  }
}

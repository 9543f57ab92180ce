package dev.surge.cache.internal;

import java.time.Duration;
import java.util.Objects;

/** The checks the builders of surge-cache apply to durations, with one wording of their errors. */
public final class Settings {

  private Settings() {}

  /** {@code value}, unless it is null, zero or negative. */
  public static Duration positive(Duration value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, was " + value);
    }
    return value;
  }

  /** {@code value}, unless it is null or negative. */
  public static Duration notNegative(Duration value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative, was " + value);
    }
    return value;
  }
}

package dev.surge.cache.hot;

import static dev.surge.cache.internal.Settings.positive;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Ranks keys from their call history into STEADY and SPIKE hot keys; pure and thread-safe.
 *
 * <p>A STEADY score is the accumulated count with an hourly half-life, {@code Σ count[h] · 0.5^(h /
 * halfLife)}, so long popular keys stay hot and forgotten ones fade. A key is a SPIKE when its
 * current-hour rate (projected to a full hour) is at least {@code spikeGrowth} times the mean of
 * the previous {@code baselineHours} and it was called within {@code recency}; its score is {@code
 * rate · e^(-idle / recency) · log2(1 + growth)}, so recency and growth dominate over history. Both
 * scores count calls per hour, so one ranking orders both kinds.
 */
public final class HotKeyScorer {

  public static final Duration DEFAULT_HALF_LIFE = Duration.ofHours(6);
  public static final int DEFAULT_BASELINE_HOURS = 3;
  public static final double DEFAULT_SPIKE_GROWTH = 3.0;
  public static final long DEFAULT_MIN_SPIKE_CALLS = 10;
  public static final Duration DEFAULT_RECENCY = Duration.ofMinutes(5);

  /** Floor of the elapsed part of the current hour, so a few calls at 10:00:01 are no spike. */
  public static final Duration DEFAULT_MIN_ELAPSED = Duration.ofMinutes(5);

  public static final double DEFAULT_MIN_SCORE = 1.0;

  private static final double HOUR_MILLIS = Duration.ofHours(1).toMillis();

  private final double hourlyDecay;
  private final int baselineHours;
  private final double spikeGrowth;
  private final long minSpikeCalls;
  private final double recencyMillis;
  private final long minElapsedMillis;
  private final double minScore;

  private HotKeyScorer(Builder b) {
    this.hourlyDecay = Math.pow(0.5, HOUR_MILLIS / b.halfLife.toMillis());
    this.baselineHours = b.baselineHours;
    this.spikeGrowth = b.spikeGrowth;
    this.minSpikeCalls = b.minSpikeCalls;
    this.recencyMillis = b.recency.toMillis();
    this.minElapsedMillis = b.minElapsed.toMillis();
    this.minScore = b.minScore;
  }

  public static HotKeyScorer defaults() {
    return custom().build();
  }

  public static Builder custom() {
    return new Builder();
  }

  /** The key's hot-key verdict at {@code now}, empty when it scores below the minimum. */
  public Optional<HotKey> score(KeyStats stats, Instant now) {
    Objects.requireNonNull(stats, "stats");
    Objects.requireNonNull(now, "now");
    double steady = 0;
    double weight = 1;
    for (int h = 0; h < stats.hours(); h++) {
      steady += stats.count(h) * weight;
      weight *= hourlyDecay;
    }
    long current = stats.count(0);
    long elapsed = now.toEpochMilli() - now.truncatedTo(ChronoUnit.HOURS).toEpochMilli();
    double rate = current * HOUR_MILLIS / Math.max(minElapsedMillis, elapsed);
    double baseline = 0;
    for (int h = 1; h <= baselineHours; h++) {
      baseline += stats.count(h);
    }
    baseline /= baselineHours;
    double growth = rate / Math.max(baseline, 1.0);
    long idle = Math.max(0, now.toEpochMilli() - stats.lastCallMillis());
    boolean spike = current >= minSpikeCalls && growth >= spikeGrowth && idle <= recencyMillis;
    HotKey hot;
    if (spike) {
      double score = rate * Math.exp(-idle / recencyMillis) * log2(1 + growth);
      hot = new HotKey(stats.key(), Math.max(score, steady), HotKind.SPIKE);
    } else {
      hot = new HotKey(stats.key(), steady, HotKind.STEADY);
    }
    return hot.score() >= minScore ? Optional.of(hot) : Optional.empty();
  }

  /** The {@code n} highest-scoring keys, highest first (ties by key, for a stable order). */
  public List<HotKey> top(Collection<KeyStats> candidates, Instant now, int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, was " + n);
    }
    List<HotKey> scored = new ArrayList<>(candidates.size());
    for (KeyStats stats : candidates) {
      score(stats, now).ifPresent(scored::add);
    }
    scored.sort(Comparator.comparingDouble(HotKey::score).reversed().thenComparing(HotKey::key));
    return List.copyOf(scored.subList(0, Math.min(n, scored.size())));
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  /** Settings of a {@link HotKeyScorer}; each setter rejects a bad value at once. */
  public static final class Builder {
    private Duration halfLife = DEFAULT_HALF_LIFE;
    private int baselineHours = DEFAULT_BASELINE_HOURS;
    private double spikeGrowth = DEFAULT_SPIKE_GROWTH;
    private long minSpikeCalls = DEFAULT_MIN_SPIKE_CALLS;
    private Duration recency = DEFAULT_RECENCY;
    private Duration minElapsed = DEFAULT_MIN_ELAPSED;
    private double minScore = DEFAULT_MIN_SCORE;

    private Builder() {}

    /** How long until an hour's count weighs half in the STEADY score. */
    public Builder halfLife(Duration halfLife) {
      this.halfLife = positive(halfLife, "halfLife");
      return this;
    }

    /** Previous hours averaged into the baseline a spike is measured against. */
    public Builder baselineHours(int baselineHours) {
      if (baselineHours < 1 || baselineHours > 168) {
        throw new IllegalArgumentException("baselineHours must be in 1..168, was " + baselineHours);
      }
      this.baselineHours = baselineHours;
      return this;
    }

    /** The current rate over the baseline from which a key counts as a SPIKE (> 1). */
    public Builder spikeGrowth(double spikeGrowth) {
      if (!(spikeGrowth > 1) || Double.isInfinite(spikeGrowth)) {
        throw new IllegalArgumentException(
            "spikeGrowth must be finite and > 1, was " + spikeGrowth);
      }
      this.spikeGrowth = spikeGrowth;
      return this;
    }

    /** Calls in the current hour below which no key is a SPIKE. */
    public Builder minSpikeCalls(long minSpikeCalls) {
      if (minSpikeCalls < 1) {
        throw new IllegalArgumentException("minSpikeCalls must be >= 1, was " + minSpikeCalls);
      }
      this.minSpikeCalls = minSpikeCalls;
      return this;
    }

    /** Idle time after which a SPIKE has ended; also the decay constant of its score. */
    public Builder recency(Duration recency) {
      this.recency = positive(recency, "recency");
      return this;
    }

    public Builder minElapsed(Duration minElapsed) {
      this.minElapsed = positive(minElapsed, "minElapsed");
      if (minElapsed.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("minElapsed must be at most 1 hour, was " + minElapsed);
      }
      return this;
    }

    /** Scores below this are not hot at all. */
    public Builder minScore(double minScore) {
      if (!(minScore >= 0) || Double.isInfinite(minScore)) {
        throw new IllegalArgumentException("minScore must be finite and >= 0, was " + minScore);
      }
      this.minScore = minScore;
      return this;
    }

    public HotKeyScorer build() {
      return new HotKeyScorer(this);
    }
  }
}

package dev.surge.gift;

import dev.surge.cache.hot.HotKey;
import dev.surge.cache.hot.HotKeyCounter;
import dev.surge.cache.hot.HotKeyScorer;
import dev.surge.cache.hot.HotKind;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HOT promotions: calls counted per instance and added up in Redis, ranked by the scorer, the
 * top {@code size} kept for {@code refresh} so a busy endpoint reads Redis at most once per
 * refresh.
 */
public final class HotPromotions {

  public static final int DEFAULT_SIZE = 20;
  public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(1);
  public static final int HISTORY_HOURS = 24;
  public static final int MAX_CANDIDATES = 1000;

  private static final Logger log = LoggerFactory.getLogger(HotPromotions.class);

  /** A HOT promotion. */
  public record Hot(long promotionId, double score, HotKind kind) {}

  private final HotKeyCounter counter;
  private final HotKeyScorer scorer;
  private final Clock clock;
  private final int size;
  private final long refreshMillis;

  /** The last ranking and when it was made; null before the first. */
  private volatile Ranked ranked;

  private record Ranked(List<Hot> hot, long atMillis) {}

  public HotPromotions(
      HotKeyCounter counter, HotKeyScorer scorer, Clock clock, int size, Duration refresh) {
    this.counter = Objects.requireNonNull(counter, "counter");
    this.scorer = Objects.requireNonNull(scorer, "scorer");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (size < 1) {
      throw new IllegalArgumentException("size must be >= 1, was " + size);
    }
    this.size = size;
    this.refreshMillis = refresh.toMillis();
  }

  public void record(long promotionId) {
    counter.record(Long.toString(promotionId));
  }

  /** The HOT set, highest score first, at most {@link #refresh} old. */
  public List<Hot> current() {
    Ranked last = ranked;
    if (fresh(last)) {
      return last.hot();
    }
    synchronized (this) {
      last = ranked;
      if (fresh(last)) {
        return last.hot();
      }
      try {
        return recompute();
      } catch (RuntimeException e) {
        // Serve the previous set for another refresh period instead of retrying on every call.
        List<Hot> previous = last == null ? List.of() : last.hot();
        ranked = new Ranked(previous, clock.millis());
        log.warn("HOT promotions not recomputed; serving the previous set", e);
        return previous;
      }
    }
  }

  /** Flushes this instance's counts and ranks again now. */
  public synchronized List<Hot> recompute() {
    counter.flush();
    List<HotKey> top =
        scorer.top(counter.stats(HISTORY_HOURS, MAX_CANDIDATES), clock.instant(), size);
    List<Hot> hot =
        top.stream().map(k -> new Hot(Long.parseLong(k.key()), k.score(), k.kind())).toList();
    ranked = new Ranked(hot, clock.millis());
    return hot;
  }

  private boolean fresh(Ranked last) {
    return last != null && clock.millis() - last.atMillis() < refreshMillis;
  }

  public Duration refresh() {
    return Duration.ofMillis(refreshMillis);
  }
}

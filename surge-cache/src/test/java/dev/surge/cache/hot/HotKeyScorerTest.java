package dev.surge.cache.hot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.surge.testkit.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HotKeyScorerTest {

  private static final Instant HOUR = Instant.parse("2026-11-25T10:00:00Z");
  private final SettableClock clock = new SettableClock(HOUR.plus(Duration.ofMinutes(30)));
  private final HotKeyScorer scorer = HotKeyScorer.defaults();

  @Test
  void longEvenTrafficIsSteady() {
    KeyStats steady = stats("steady", clock.millis(), 24, 1000);

    HotKey hot = scorer.score(steady, clock.instant()).orElseThrow();

    assertThat(hot.kind()).isEqualTo(HotKind.STEADY);
    // 1000 per hour with a 6 h half-life over 24 h: 1000 * (1 - 0.5^4) / (1 - 0.5^(1/6)).
    double expected = 1000 * (1 - Math.pow(0.5, 4)) / (1 - Math.pow(0.5, 1.0 / 6));
    assertThat(hot.score()).isCloseTo(expected, offset(1e-6));
  }

  @Test
  void suddenRecentRiseIsASpikeAndOutranksSteadyTraffic() {
    long[] spikeCounts = new long[24];
    spikeCounts[0] = 3000; // in 30 minutes, after nothing for hours
    KeyStats spike = new KeyStats("spike", clock.millis() - 1000, spikeCounts);
    KeyStats steady = stats("steady", clock.millis(), 24, 1000);

    List<HotKey> top = scorer.top(List.of(steady, spike), clock.instant(), 10);

    assertThat(top).extracting(HotKey::key).containsExactly("spike", "steady");
    assertThat(top.get(0).kind()).isEqualTo(HotKind.SPIKE);
    assertThat(top.get(1).kind()).isEqualTo(HotKind.STEADY);
  }

  @Test
  void aSpikeThatWentQuietFallsBackToItsAccumulatedScore() {
    long[] counts = new long[24];
    counts[0] = 3000;
    Instant lastCall = clock.instant();
    KeyStats stats = new KeyStats("spike", lastCall.toEpochMilli(), counts);
    HotKey during = scorer.score(stats, clock.instant()).orElseThrow();

    clock.advance(Duration.ofMinutes(20));
    HotKey after = scorer.score(stats, clock.instant()).orElseThrow();

    assertThat(during.kind()).isEqualTo(HotKind.SPIKE);
    assertThat(after.kind()).isEqualTo(HotKind.STEADY);
    assertThat(after.score()).isEqualTo(3000.0);
    assertThat(after.score()).isLessThan(during.score());
  }

  @Test
  void growthOverTheBaselineDecidesNotVolume() {
    KeyStats busyButFlat = stats("flat", clock.millis(), 24, 2000);
    // 1000 in half an hour = 2000/h: the same rate as the last three hours, so no spike.
    long[] counts = busyButFlat.hourlyCounts();
    counts[0] = 1000;
    KeyStats flat = new KeyStats("flat", clock.millis(), counts);
    long[] rising = new long[24];
    rising[0] = 1000;
    rising[1] = 100;
    rising[2] = 100;
    rising[3] = 100;
    KeyStats risingStats = new KeyStats("rising", clock.millis(), rising);

    assertThat(scorer.score(flat, clock.instant()).orElseThrow().kind()).isEqualTo(HotKind.STEADY);
    assertThat(scorer.score(risingStats, clock.instant()).orElseThrow().kind())
        .isEqualTo(HotKind.SPIKE);
  }

  @Test
  void fewCallsAtTheStartOfAnHourAreNoSpike() {
    clock.set(HOUR.plusSeconds(2));
    long[] counts = new long[24];
    counts[0] = 5;

    HotKey hot = scorer.score(new KeyStats("k", clock.millis(), counts), clock.instant()).get();

    assertThat(hot.kind()).isEqualTo(HotKind.STEADY);
  }

  @Test
  void keysBelowTheMinimumScoreAreNotHotAndTopIsBounded() {
    KeyStats cold = stats("cold", clock.millis() - 3_600_000L * 30, 24, 0);
    KeyStats a = stats("a", clock.millis(), 24, 10);
    KeyStats b = stats("b", clock.millis(), 24, 20);

    assertThat(scorer.score(cold, clock.instant())).isEmpty();
    assertThat(scorer.top(List.of(cold, a, b), clock.instant(), 1))
        .extracting(HotKey::key)
        .containsExactly("b");
    assertThat(scorer.top(List.of(a, b), clock.instant(), 0)).isEmpty();
  }

  @Test
  void badSettingsAreRejectedAtOnce() {
    assertThatThrownBy(() -> HotKeyScorer.custom().spikeGrowth(1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spikeGrowth");
    assertThatThrownBy(() -> HotKeyScorer.custom().halfLife(Duration.ZERO))
        .hasMessageContaining("halfLife");
    assertThatThrownBy(() -> HotKeyScorer.custom().baselineHours(0))
        .hasMessageContaining("baselineHours");
    assertThatThrownBy(() -> HotKeyScorer.custom().minElapsed(Duration.ofHours(2)))
        .hasMessageContaining("minElapsed");
    assertThatThrownBy(() -> new KeyStats("k", 0, new long[] {-1}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static KeyStats stats(String key, long last, int hours, long perHour) {
    long[] counts = new long[hours];
    Arrays.fill(counts, perHour);
    return new KeyStats(key, last, counts);
  }
}

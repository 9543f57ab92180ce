package dev.surge.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class XFetchTest {

  private static final long EXPIRY = 100_000;
  private static final long DELTA = 1_000;

  /** A draw whose -ln is {@code gap}, so XFetch recomputes when now + delta*beta*gap >= expiry. */
  private static double drawWithGap(double gap) {
    return Math.exp(-gap);
  }

  @Test
  void recomputesExactlyWhenTheExponentialGapReachesExpiry() {
    double draw = drawWithGap(5); // delta * beta * 5 = 5 s before expiry with beta 1
    assertThat(XFetch.shouldRecompute(EXPIRY - 5_001, DELTA, 1.0, EXPIRY, draw)).isFalse();
    assertThat(XFetch.shouldRecompute(EXPIRY - 4_999, DELTA, 1.0, EXPIRY, draw)).isTrue();
  }

  @Test
  void betaScalesHowEarlyTheRecomputeStarts() {
    double draw = drawWithGap(2);
    long now = EXPIRY - 3_000;
    assertThat(XFetch.shouldRecompute(now, DELTA, 1.0, EXPIRY, draw)).isFalse(); // 2 s gap
    assertThat(XFetch.shouldRecompute(now, DELTA, 2.0, EXPIRY, draw)).isTrue(); // 4 s gap
  }

  @Test
  void aSlowerComputationRecomputesEarlier() {
    double draw = drawWithGap(1);
    long now = EXPIRY - 3_000;
    assertThat(XFetch.shouldRecompute(now, 1_000, 1.0, EXPIRY, draw)).isFalse();
    assertThat(XFetch.shouldRecompute(now, 4_000, 1.0, EXPIRY, draw)).isTrue();
  }

  @Test
  void aDrawOfOneNeverRecomputesBeforeExpiry() {
    assertThat(XFetch.shouldRecompute(EXPIRY - 1, DELTA, 10.0, EXPIRY, 1.0)).isFalse();
  }

  @Test
  void expiredEntriesAlwaysRecompute() {
    assertThat(XFetch.shouldRecompute(EXPIRY, DELTA, 1.0, EXPIRY, 1.0)).isTrue();
    assertThat(XFetch.shouldRecompute(EXPIRY + 1, 0, 0.0, EXPIRY, 1.0)).isTrue();
  }

  @Test
  void betaZeroOrNoComputeTimeDisablesEarlyRecompute() {
    double tiny = drawWithGap(30);
    assertThat(XFetch.shouldRecompute(EXPIRY - 1, DELTA, 0.0, EXPIRY, tiny)).isFalse();
    assertThat(XFetch.shouldRecompute(EXPIRY - 1, 0, 1.0, EXPIRY, tiny)).isFalse();
  }

  @Test
  void aZeroDrawIsTheSmallestPositiveDrawNotAnError() {
    // -ln(Double.MIN_VALUE) is about 744.
    assertThat(XFetch.shouldRecompute(EXPIRY - 700 * DELTA, DELTA, 1.0, EXPIRY, 0.0)).isTrue();
    assertThat(XFetch.shouldRecompute(EXPIRY - 800 * DELTA, DELTA, 1.0, EXPIRY, 0.0)).isFalse();
  }

  @Test
  void outsideTheWindowNoDrawInZeroOneCanRecompute() {
    double smallestDraw = Math.ulp(1.0) / 2; // 1 - nextDouble() is never below 2^-53
    long farAway = EXPIRY - (long) (DELTA * XFetch.MAX_GAP) - 1;
    assertThat(XFetch.outsideWindow(farAway, DELTA, 1.0, EXPIRY)).isTrue();
    assertThat(XFetch.shouldRecompute(farAway, DELTA, 1.0, EXPIRY, smallestDraw)).isFalse();
    long inside = EXPIRY - (long) (DELTA * 30);
    assertThat(XFetch.outsideWindow(inside, DELTA, 1.0, EXPIRY)).isFalse();
    assertThat(XFetch.shouldRecompute(inside, DELTA, 1.0, EXPIRY, smallestDraw)).isTrue();
  }

  @Test
  void theFractionOfEarlyRecomputesFollowsTheExponentialLaw() {
    // P(recompute at gap g before expiry) = P(-ln U >= g / (delta * beta)) = exp(-g / delta).
    long now = EXPIRY - 2 * DELTA;
    int n = 10_000;
    int recomputes = 0;
    for (int i = 1; i <= n; i++) {
      double u = (double) i / n; // evenly spread draws in (0, 1]
      if (XFetch.shouldRecompute(now, DELTA, 1.0, EXPIRY, u)) {
        recomputes++;
      }
    }
    assertThat(recomputes / (double) n)
        .isCloseTo(Math.exp(-2), org.assertj.core.data.Offset.offset(0.001));
  }
}

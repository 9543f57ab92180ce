package dev.surge.cache.internal;

/**
 * The XFetch rule of "Optimal Probabilistic Cache Stampede Prevention" (Vattani et al., VLDB 2015):
 * recompute early when {@code now - delta * beta * ln(rand) >= expiry}.
 *
 * <p>Because {@code -ln(rand)} is exponentially distributed, the chance of an early recompute grows
 * smoothly as expiry nears and as the value gets more expensive (delta), so among many readers one
 * recomputes slightly before expiry instead of all of them at it.
 */
public final class XFetch {

  /**
   * The largest {@code -ln(rand)} a double in (0, 1] can give, about 37.4 for 2^-54; a value
   * further than {@code delta * beta * MAX_GAP} from expiry can skip the draw.
   */
  static final double MAX_GAP = 38.0;

  private XFetch() {}

  /**
   * Whether to recompute now.
   *
   * @param rand a uniform draw in (0, 1]; 0 is treated as the smallest positive double
   */
  public static boolean shouldRecompute(
      long nowMillis, long deltaMillis, double beta, long expiryMillis, double rand) {
    if (nowMillis >= expiryMillis) {
      return true;
    }
    if (beta == 0 || deltaMillis <= 0) {
      return false;
    }
    double r = rand > 0 ? Math.min(rand, 1.0) : Double.MIN_VALUE;
    return nowMillis - deltaMillis * beta * Math.log(r) >= expiryMillis;
  }

  /** Whether {@code now} is so far from expiry that no draw can trigger a recompute. */
  static boolean outsideWindow(long nowMillis, long deltaMillis, double beta, long expiryMillis) {
    return nowMillis + deltaMillis * beta * MAX_GAP < expiryMillis;
  }
}

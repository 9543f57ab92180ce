package dev.surge.bench;

import java.util.List;

/**
 * One benchmark: a baseline and Surge measured on the same load in the same process, so the ratio
 * survives a noisy shared machine even when absolute numbers do not.
 *
 * <p>The runner calls {@link #setUp()}, then runs rounds in which every variant is measured once in
 * turn (interleaved, order rotated each round), then {@link #tearDown()}. Register an
 * implementation in {@code META-INF/services/dev.surge.bench.Scenario}.
 */
public interface Scenario {

  /** Name used on the command line, lower-case with dashes, e.g. {@code lock-uncontended-16}. */
  String name();

  /** One line saying what is measured and what the goal is. */
  String description();

  /** The measured quantity with its unit, e.g. {@code ops_per_s} or {@code p99_ms}. */
  String metric();

  /** Whether a larger value of {@link #metric()} is better (throughput) or worse (latency). */
  boolean higherIsBetter();

  /**
   * The variants measured; the first is the baseline, and exactly one is named {@link
   * Variant#SURGE}. A third variant (another baseline) is reported with its own ratio.
   */
  List<Variant> variants();

  /** Starts engines and clients shared by all variants. */
  default void setUp() throws Exception {}

  default void tearDown() throws Exception {}

  /** One contender in a scenario. */
  interface Variant {

    String SURGE = "surge";

    String name();

    /** Runs one measured round and returns the value of the scenario's metric for it. */
    double runRound() throws Exception;

    static Variant of(String name, Round round) {
      return new Variant() {
        @Override
        public String name() {
          return name;
        }

        @Override
        public double runRound() throws Exception {
          return round.run();
        }
      };
    }
  }

  /** A measured round as a lambda. */
  @FunctionalInterface
  interface Round {
    double run() throws Exception;
  }
}

package dev.surge.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs one scenario: warm-up rounds, then measured rounds with the variants interleaved and their
 * order rotated, then a table of medians and one machine-readable {@code RESULT} line.
 */
public final class BenchRunner {

  /** Result of a run: the median metric per variant, in the scenario's variant order. */
  public record Report(Scenario scenario, Map<String, Double> medians) {

    public double surge() {
      return medians.get(Scenario.Variant.SURGE);
    }

    public double baseline() {
      return medians.values().iterator().next();
    }

    /** Surge divided by the first baseline, as the RESULT line prints it. */
    public double ratio() {
      return surge() / baseline();
    }
  }

  private final int warmupRounds;
  private final int rounds;
  private final PrintStream out;

  public BenchRunner(int warmupRounds, int rounds, PrintStream out) {
    if (warmupRounds < 0) {
      throw new IllegalArgumentException("warmupRounds must be >= 0, was " + warmupRounds);
    }
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds must be >= 1, was " + rounds);
    }
    this.warmupRounds = warmupRounds;
    this.rounds = rounds;
    this.out = out;
  }

  public Report run(Scenario scenario) throws Exception {
    List<Scenario.Variant> variants = scenario.variants();
    validate(scenario, variants);
    out.printf("# %s: %s%n", scenario.name(), scenario.description());
    scenario.setUp();
    try {
      for (int r = 0; r < warmupRounds; r++) {
        for (Scenario.Variant variant : rotated(variants, r)) {
          double value = variant.runRound();
          out.printf(
              Locale.ROOT,
              "warmup %d %-22s %s=%.3f%n",
              r + 1,
              variant.name(),
              scenario.metric(),
              value);
        }
      }
      Map<String, double[]> samples = new LinkedHashMap<>();
      variants.forEach(v -> samples.put(v.name(), new double[rounds]));
      for (int r = 0; r < rounds; r++) {
        for (Scenario.Variant variant : rotated(variants, r)) {
          double value = variant.runRound();
          samples.get(variant.name())[r] = value;
          out.printf(
              Locale.ROOT,
              "round  %d %-22s %s=%.3f%n",
              r + 1,
              variant.name(),
              scenario.metric(),
              value);
        }
      }
      Map<String, Double> medians = new LinkedHashMap<>();
      samples.forEach((name, values) -> medians.put(name, Measure.median(values)));
      Report report = new Report(scenario, medians);
      print(report, samples);
      return report;
    } finally {
      scenario.tearDown();
    }
  }

  private void print(Report report, Map<String, double[]> samples) {
    Scenario scenario = report.scenario();
    double baseline = report.baseline();
    out.printf(
        "%n%-22s %14s %14s %14s %10s%n",
        "variant", "median", "min", "max", "vs " + firstName(samples));
    samples.forEach(
        (name, values) -> {
          double median = report.medians().get(name);
          out.printf(
              Locale.ROOT,
              "%-22s %14.3f %14.3f %14.3f %10.3f%n",
              name,
              median,
              Measure.percentile(values, 0),
              Measure.percentile(values, 100),
              median / baseline);
        });
    out.printf(
        Locale.ROOT,
        "(%s, %s is better; %d rounds, medians)%n",
        scenario.metric(),
        scenario.higherIsBetter() ? "higher" : "lower",
        rounds);
    out.printf(
        Locale.ROOT,
        "RESULT %s %s=%.3f ratio=%.3f%n",
        scenario.name(),
        scenario.metric(),
        report.surge(),
        report.ratio());
  }

  private static String firstName(Map<String, double[]> samples) {
    return samples.keySet().iterator().next();
  }

  private static void validate(Scenario scenario, List<Scenario.Variant> variants) {
    if (variants.size() < 2) {
      throw new IllegalArgumentException(scenario.name() + ": needs a baseline and surge");
    }
    long surges = variants.stream().filter(v -> v.name().equals(Scenario.Variant.SURGE)).count();
    if (surges != 1) {
      throw new IllegalArgumentException(scenario.name() + ": exactly one variant must be 'surge'");
    }
    if (variants.get(0).name().equals(Scenario.Variant.SURGE)) {
      throw new IllegalArgumentException(scenario.name() + ": the first variant is the baseline");
    }
  }

  /** The variants starting at a different one each round, so no variant always runs first. */
  static List<Scenario.Variant> rotated(List<Scenario.Variant> variants, int round) {
    List<Scenario.Variant> order = new ArrayList<>(variants.size());
    for (int i = 0; i < variants.size(); i++) {
      order.add(variants.get((i + round) % variants.size()));
    }
    return order;
  }
}

package dev.surge.bench;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Command line: {@code java -jar surge-bench.jar <scenario|all|list> [--rounds N] [--warmup N]}.
 */
public final class BenchMain {

  static final int DEFAULT_ROUNDS = 5;
  static final int DEFAULT_WARMUP = 1;

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      usage();
      System.exit(2);
    }
    int rounds = DEFAULT_ROUNDS;
    int warmup = DEFAULT_WARMUP;
    String target = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        default -> target = args[i];
      }
    }
    Map<String, Scenario> scenarios = scenarios();
    if (target == null || target.equals("list")) {
      scenarios.values().forEach(s -> System.out.printf("%-28s %s%n", s.name(), s.description()));
      return;
    }
    BenchRunner runner = new BenchRunner(warmup, rounds, System.out);
    if (target.equals("all")) {
      for (Scenario scenario : scenarios.values()) {
        runner.run(scenario);
        System.out.println();
      }
    } else {
      Scenario scenario = scenarios.get(target);
      if (scenario == null) {
        System.err.println("unknown scenario '" + target + "'; known: " + scenarios.keySet());
        System.exit(2);
      }
      runner.run(scenario);
    }
    // Engines started by scenarios may leave non-daemon threads behind.
    System.exit(0);
  }

  static Map<String, Scenario> scenarios() {
    Map<String, Scenario> byName = new TreeMap<>();
    for (Scenario scenario : ServiceLoader.load(Scenario.class)) {
      if (byName.put(scenario.name(), scenario) != null) {
        throw new IllegalStateException("two scenarios named " + scenario.name());
      }
    }
    return byName;
  }

  private static void usage() {
    System.err.println(
        "usage: java -jar surge-bench.jar <scenario|all|list> [--rounds N] [--warmup N]");
  }
}

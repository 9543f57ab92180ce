package dev.surge.bench;

import dev.surge.pung.Audience;
import dev.surge.pung.PungSystem;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.producer.MockProducer;

/**
 * Feed reads, push (inbox rows) against pull (friends, pungs, audience joined at read time), on a
 * random friend graph of 20,000 users ({@code -Dsurge.bench.pung.users}) with about 200 friends
 * each, every one holding 2 live pungs, and a 97:3 read:write mix; a push write includes its
 * fan-out. Every user has read the feed once before the rounds (steady state: revisions exist).
 * Pull's cost grows with the pungs stored, push's does not, so the ratio grows with the population.
 * Goal: push at least 10x pull.
 */
public class PungReadScenario implements Scenario {

  static final int USERS = Integer.getInteger("surge.bench.pung.users", 20_000);
  static final int FRIENDS = 200;
  static final int PUNGS_PER_USER = 2;
  static final int THREADS = 4;
  static final int WRITE_PERCENT = Integer.getInteger("surge.bench.pung.write-percent", 3);
  static final Duration ROUND = Duration.ofSeconds(3);

  private PungBench bench;
  private PungBench.Graph graph;

  @Override
  public String name() {
    return "pung-read-push-vs-pull";
  }

  @Override
  public String description() {
    return "feed ops/s, "
        + USERS
        + " users x ~200 random friends x 2 live pungs, 97:3 read:write (push write includes"
        + " fan-out); goal push >= 10x pull";
  }

  @Override
  public String metric() {
    return "ops_per_s";
  }

  @Override
  public boolean higherIsBetter() {
    return true;
  }

  @Override
  public void setUp() throws Exception {
    // The relay never runs here (fan-out is applied in-process), so nothing is ever published.
    bench = new PungBench(new MockProducer<>(), "pung-bench");
    graph = bench.seedGraph(USERS, FRIENDS, PUNGS_PER_USER, 42);
    // Steady state: every user has read the feed before, so has a revision in Redis.
    Measure.forEachParallel(
        THREADS, graph.users(), user -> bench.push.feed().read(user, null, 50, null));
  }

  @Override
  public List<Variant> variants() {
    return List.of(
        Variant.of("pull", () -> round(bench.pull, false)),
        Variant.of(Variant.SURGE, () -> round(bench.push, true)));
  }

  private double round(PungSystem system, boolean fanOut) throws Exception {
    double ops =
        Measure.throughput(
            THREADS,
            ROUND,
            () -> {
              ThreadLocalRandom r = ThreadLocalRandom.current();
              int user = r.nextInt(USERS);
              if (r.nextInt(100) < WRITE_PERCENT) {
                if (fanOut) {
                  bench.postAndFanOut(graph.users()[user], graph.friendsOf()[user]);
                } else {
                  system.pungs().post(graph.users()[user], "bench", Audience.allFriends());
                }
              } else {
                system.feed().read(graph.users()[user], null, 50, null);
              }
            });
    bench.clearOutbox();
    return ops;
  }

  @Override
  public void tearDown() {
    if (bench != null) {
      bench.close();
    }
  }
}

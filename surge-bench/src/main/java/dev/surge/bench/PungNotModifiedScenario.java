package dev.surge.bench;

import dev.surge.pung.FeedResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.producer.MockProducer;

/**
 * Feed reads by a client holding the current feed tag (304 from Redis alone) against full reads of
 * the same feeds, for 1,000 viewers of the read scenario's friend graph (20,000 users, about 200
 * friends each holding 2 live pungs; {@code -Dsurge.bench.pung.users}). Goal: 304 path at least 3x,
 * with zero database connections (printed).
 */
public class PungNotModifiedScenario implements Scenario {

  static final int VIEWERS = 1_000;
  static final int THREADS = 4;
  static final Duration ROUND = Duration.ofSeconds(3);

  private PungBench bench;
  private long[] viewers;
  private String[] revisions;

  @Override
  public String name() {
    return "pung-feed-304";
  }

  @Override
  public String description() {
    return "feed reads/s: If-None-Match current feed tag (304) vs full read; goal >= 3x, 0 DB"
        + " connections";
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
    bench = new PungBench(new MockProducer<>(), "pung-bench");
    PungBench.Graph graph =
        bench.seedGraph(
            PungReadScenario.USERS, PungReadScenario.FRIENDS, PungReadScenario.PUNGS_PER_USER, 42);
    viewers = java.util.Arrays.copyOf(graph.users(), VIEWERS);
    revisions = new String[VIEWERS];
    for (int i = 0; i < VIEWERS; i++) {
      revisions[i] = bench.push.feed().read(viewers[i], null, 50, null).revision();
    }
  }

  @Override
  public List<Variant> variants() {
    return List.of(
        Variant.of(
            "full-read",
            () ->
                Measure.throughput(
                    THREADS,
                    ROUND,
                    () -> {
                      int i = ThreadLocalRandom.current().nextInt(VIEWERS);
                      bench.push.feed().read(viewers[i], null, 50, null);
                    })),
        Variant.of(
            Variant.SURGE,
            () -> {
              int before = bench.connections.get();
              double ops =
                  Measure.throughput(
                      THREADS,
                      ROUND,
                      () -> {
                        int i = ThreadLocalRandom.current().nextInt(VIEWERS);
                        FeedResult r = bench.push.feed().read(viewers[i], revisions[i], 50, null);
                        if (!(r instanceof FeedResult.NotModified)) {
                          throw new IllegalStateException("expected 304 for viewer " + i);
                        }
                      });
              System.out.println(
                  "  304 round: database connections taken = "
                      + (bench.connections.get() - before));
              return ops;
            }));
  }

  @Override
  public void tearDown() {
    if (bench != null) {
      bench.close();
    }
  }
}

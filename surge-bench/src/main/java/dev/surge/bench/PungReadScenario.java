package dev.surge.bench;

import dev.surge.pung.Audience;
import dev.surge.pung.PungSystem;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.producer.MockProducer;

/**
 * Feed reads, push (inbox rows) against pull (friends, pungs, audience joined at read time), with
 * 200 friends per viewer each holding pungs and a 97:3 read:write mix; a push write includes its
 * fan-out. Goal: push at least 10x pull.
 */
public class PungReadScenario implements Scenario {

  static final int FRIENDS = 200;
  static final int VIEWERS = 20;
  static final int PUNGS_PER_FRIEND = 2;
  static final int THREADS = 4;
  static final Duration ROUND = Duration.ofSeconds(3);

  private PungBench bench;
  private long[] authors;
  private long[] viewers;

  @Override
  public String name() {
    return "pung-read-push-vs-pull";
  }

  @Override
  public String description() {
    return "feed ops/s, 200 friends each holding pungs, 97:3 read:write (push write includes"
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
    PungBench.Feeds feeds = bench.seedFeeds(FRIENDS, VIEWERS, PUNGS_PER_FRIEND);
    authors = feeds.authors();
    viewers = feeds.viewers();
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
              if (r.nextInt(100) < 3) {
                long author = authors[r.nextInt(authors.length)];
                if (fanOut) {
                  bench.postAndFanOut(author, viewers);
                } else {
                  system.pungs().post(author, "bench", Audience.allFriends());
                }
              } else {
                system.feed().read(viewers[r.nextInt(viewers.length)], null, 50, null);
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

package dev.surge.bench;

import dev.surge.pung.ShardMap;
import dev.surge.pung.internal.FanoutMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.MockProducer;

/**
 * Sustained fan-out rate in inbox rows/s: batches of 10 records x 500 viewers applied by {@value
 * #THREADS} threads at once (the fan-out consumer runs several handler threads), by the fan-out
 * handler (rows grouped by shard, idempotent batched inserts, revision bumps in Redis after each
 * commit) against a raw JDBC batch insert of the same rows into the same shard tables. By default
 * every viewer has a revision (has read the feed lately), the costliest case for the handler, as a
 * bump skips viewers without one ({@code -Dsurge.bench.pung.active-percent} lowers the share).
 * Goal: at least 0.7 of raw.
 */
public class PungFanoutScenario implements Scenario {

  static final int MESSAGES = 10;
  static final int CHUNK = 500;
  static final int VIEWERS = 50_000;

  /** The share of viewers holding a revision (who read their feed within the revision TTL). */
  static final int ACTIVE_PERCENT = Integer.getInteger("surge.bench.pung.active-percent", 100);

  static final int THREADS = 4;
  static final Duration ROUND = Duration.ofSeconds(3);

  private PungBench bench;
  private long[] viewers;

  @Override
  public String name() {
    return "pung-fanout-rate";
  }

  @Override
  public String description() {
    return "inbox rows/s, batches of 10 x 500-viewer records on "
        + THREADS
        + " threads, "
        + ACTIVE_PERCENT
        + "% of viewers active: handler vs raw JDBC batch; goal >= 0.7";
  }

  @Override
  public String metric() {
    return "rows_per_s";
  }

  @Override
  public boolean higherIsBetter() {
    return true;
  }

  @Override
  public void setUp() throws Exception {
    bench = new PungBench(new MockProducer<>(), "pung-bench");
    long base = PungBench.nextId() >>> 20;
    viewers = LongStream.range(0, VIEWERS).map(i -> base + i).toArray();
    long[] active = LongStream.of(viewers).filter(v -> (v - base) % 100 < ACTIVE_PERCENT).toArray();
    Measure.forEachParallel(8, active, viewer -> bench.push.revisions().current(viewer));
  }

  /** One batch: each record a new pung for 500 distinct active viewers. */
  private List<FanoutMessage> batch() {
    long now = System.currentTimeMillis();
    ThreadLocalRandom r = ThreadLocalRandom.current();
    List<FanoutMessage> messages = new ArrayList<>(MESSAGES);
    for (int m = 0; m < MESSAGES; m++) {
      int start = r.nextInt(viewers.length);
      long[] audience = new long[CHUNK];
      for (int i = 0; i < CHUNK; i++) {
        audience[i] = viewers[(start + i) % viewers.length];
      }
      messages.add(
          new FanoutMessage(
              FanoutMessage.Kind.ADD,
              PungBench.nextId(),
              1,
              "bench",
              now,
              now + 86_400_000L,
              audience));
    }
    return messages;
  }

  @Override
  public List<Variant> variants() {
    int rows = MESSAGES * CHUNK;
    return List.of(
        Variant.of(
            "jdbc-batch", () -> rows * Measure.throughput(THREADS, ROUND, () -> raw(batch()))),
        Variant.of(
            Variant.SURGE,
            () ->
                rows
                    * Measure.throughput(
                        THREADS, ROUND, () -> bench.push.fanout().handle(batch()))));
  }

  /** The baseline: plain INSERT batches, one transaction per shard, nothing else. */
  private void raw(List<FanoutMessage> messages) throws Exception {
    ShardMap map = bench.push.shardMap();
    for (int s = 0; s < map.shards(); s++) {
      DataSource shard = bench.shards.get(s);
      try (Connection c = shard.getConnection()) {
        c.setAutoCommit(false);
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO pung_inbox (viewer_id, pung_id, bucket, author_id, body, created_at,"
                    + " expires_at, removed) VALUES (?, ?, ?, ?, ?, ?, ?, 0)")) {
          int n = 0;
          for (FanoutMessage m : messages) {
            for (long viewer : m.viewerIds()) {
              if (map.shardOf(viewer) != s) {
                continue;
              }
              ps.setLong(1, viewer);
              ps.setLong(2, m.pungId());
              ps.setInt(3, map.bucketOf(viewer).index());
              ps.setLong(4, m.authorId());
              ps.setString(5, m.text());
              ps.setLong(6, m.createdAt());
              ps.setLong(7, m.expiresAt());
              ps.addBatch();
              if (++n % 500 == 0) {
                ps.executeBatch();
              }
            }
          }
          ps.executeBatch();
        }
        c.commit();
      }
    }
  }

  @Override
  public void tearDown() {
    if (bench != null) {
      bench.close();
    }
  }
}

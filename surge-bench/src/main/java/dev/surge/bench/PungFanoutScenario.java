package dev.surge.bench;

import dev.surge.pung.ShardMap;
import dev.surge.pung.internal.FanoutMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.MockProducer;

/**
 * Fan-out rate in inbox rows/s: the fan-out handler (rows grouped by shard, idempotent batched
 * inserts, then revision bumps in Redis) against a raw JDBC batch insert of the same rows into the
 * same shard tables. Goal: at least 0.7 of raw.
 */
public class PungFanoutScenario implements Scenario {

  static final int MESSAGES = 10;
  static final int CHUNK = 500;

  private PungBench bench;

  @Override
  public String name() {
    return "pung-fanout-rate";
  }

  @Override
  public String description() {
    return "inbox rows/s for 10 x 500-viewer fan-out records: handler vs raw JDBC batch; goal >= 0.7";
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
  }

  private List<FanoutMessage> messages() {
    long now = System.currentTimeMillis();
    ThreadLocalRandom r = ThreadLocalRandom.current();
    List<FanoutMessage> messages = new ArrayList<>();
    long pungId = PungBench.nextId();
    for (int m = 0; m < MESSAGES; m++) {
      long[] viewers = new long[CHUNK];
      for (int i = 0; i < CHUNK; i++) {
        viewers[i] = r.nextLong(1, 1L << 40);
      }
      messages.add(
          new FanoutMessage(
              FanoutMessage.Kind.ADD, pungId, 1, "bench", now, now + 86_400_000L, viewers));
    }
    return messages;
  }

  @Override
  public List<Variant> variants() {
    return List.of(
        Variant.of(
            "jdbc-batch",
            () -> {
              List<FanoutMessage> messages = messages();
              long start = System.nanoTime();
              raw(messages);
              return MESSAGES * CHUNK / ((System.nanoTime() - start) / 1e9);
            }),
        Variant.of(
            Variant.SURGE,
            () -> {
              List<FanoutMessage> messages = messages();
              long start = System.nanoTime();
              bench.push.fanout().handle(messages);
              return MESSAGES * CHUNK / ((System.nanoTime() - start) / 1e9);
            }));
  }

  /** The baseline: plain INSERT batches per shard, one transaction per shard, nothing else. */
  private void raw(List<FanoutMessage> messages) throws Exception {
    ShardMap map = bench.push.shardMap();
    List<List<long[]>> byShard = new ArrayList<>();
    for (int s = 0; s < map.shards(); s++) {
      byShard.add(new ArrayList<>());
    }
    FanoutMessage first = messages.get(0);
    for (FanoutMessage m : messages) {
      for (long viewer : m.viewerIds()) {
        byShard.get(map.shardOf(viewer)).add(new long[] {viewer, map.bucketOf(viewer).index()});
      }
    }
    for (int s = 0; s < map.shards(); s++) {
      DataSource ds = bench.shards.get(s);
      try (Connection c = ds.getConnection()) {
        c.setAutoCommit(false);
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO pung_inbox (viewer_id, pung_id, bucket, author_id, body, created_at,"
                    + " expires_at, removed) VALUES (?, ?, ?, ?, ?, ?, ?, 0)")) {
          int n = 0;
          for (long[] row : byShard.get(s)) {
            ps.setLong(1, row[0]);
            ps.setLong(2, first.pungId());
            ps.setInt(3, (int) row[1]);
            ps.setLong(4, first.authorId());
            ps.setString(5, first.text());
            ps.setLong(6, first.createdAt());
            ps.setLong(7, first.expiresAt());
            ps.addBatch();
            if (++n % 500 == 0) {
              ps.executeBatch();
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

package dev.surge.pung;

import dev.surge.lock.LockException;
import dev.surge.lock.LockKey;
import dev.surge.lock.LockOptions;
import dev.surge.lock.Locks;
import dev.surge.pung.internal.InboxShard;
import dev.surge.pung.internal.InboxShards;
import dev.surge.pung.internal.PungMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes expired pungs: inbox rows per shard and then pung, audience and outbox rows on the main
 * database, each in batches so no statement holds many locks. Reads already hide expired rows; this
 * only reclaims space. Runs on one instance at a time under a lock.
 */
public final class PurgeJob {

  public static final int DEFAULT_BATCH = 1000;
  static final LockKey LOCK = LockKey.of("pung_purge", "all");
  private static final int MAX_BATCHES_PER_RUN = 100;

  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final InboxShards shards;
  private final Clock clock;
  private final Locks locks;
  private final int batch;
  private final PungMetrics metrics;

  PurgeJob(
      JdbcTemplate jdbc,
      TransactionTemplate tx,
      InboxShards shards,
      Clock clock,
      Locks locks,
      int batch,
      PungMetrics metrics) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.shards = shards;
    this.clock = clock;
    this.locks = locks;
    this.batch = batch;
    this.metrics = metrics;
  }

  /** Runs one purge unless another instance is running one; returns the rows deleted. */
  public int run() {
    if (locks == null) {
      return purge();
    }
    try {
      return locks
          .tryWithLock(LOCK, LockOptions.custom().waitTime(Duration.ZERO).build(), this::purge)
          .orElse(0);
    } catch (LockException e) {
      return 0;
    }
  }

  /** Deletes rows expired by now, on every shard and the main database. */
  public int purge() {
    long now = clock.millis();
    int total = 0;
    for (InboxShard shard : shards.all()) {
      for (int i = 0; i < MAX_BATCHES_PER_RUN; i++) {
        int n = shard.purge(now, batch);
        total += n;
        if (n < batch) {
          break;
        }
      }
    }
    for (int i = 0; i < MAX_BATCHES_PER_RUN; i++) {
      List<Long> ids =
          jdbc.queryForList(
              "SELECT id FROM pung WHERE expires_at <= ? LIMIT ?", Long.class, now, batch);
      if (!ids.isEmpty()) {
        tx.executeWithoutResult(
            status -> {
              deleteEach("DELETE FROM pung_audience WHERE pung_id = ?", ids);
              deleteEach("DELETE FROM pung_outbox WHERE pung_id = ?", ids);
              deleteEach("DELETE FROM pung WHERE id = ?", ids);
            });
      }
      total += ids.size();
      if (ids.size() < batch) {
        break;
      }
    }
    metrics.purged.increment(total);
    return total;
  }

  private void deleteEach(String sql, List<Long> ids) {
    jdbc.batchUpdate(sql, ids, InboxShard.BATCH_SIZE, (ps, id) -> ps.setLong(1, id));
  }
}

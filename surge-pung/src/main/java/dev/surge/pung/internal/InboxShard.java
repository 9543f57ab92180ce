package dev.surge.pung.internal;

import dev.surge.pung.FeedItem;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The inbox rows on one shard database, and every statement run against them. */
public final class InboxShard {

  /** The most rows one JDBC batch carries. */
  public static final int BATCH_SIZE = 500;

  static final String COLUMNS =
      "viewer_id, pung_id, bucket, author_id, body, created_at, expires_at, removed";

  private final int index;
  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final String insert;
  private final String insertIgnore;

  public InboxShard(int index, DataSource dataSource) {
    this.index = index;
    this.jdbc = new JdbcTemplate(dataSource);
    this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    this.insert = "INSERT INTO pung_inbox (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    this.insertIgnore = Dialect.of(dataSource).insertIgnore("pung_inbox", COLUMNS, 8);
  }

  public int index() {
    return index;
  }

  /**
   * Adds and removes rows in one transaction; both are idempotent and commute: an add never
   * overwrites a row, and a remove leaves a tombstone that a later add cannot replace. Adds are
   * first tried as plain inserts, cheaper than skipping existing rows; a duplicate (a redelivery,
   * or a pung removed before its add arrived) rolls back and redoes the whole write skipping them.
   */
  public void apply(List<InboxRow> adds, List<InboxRow> removes) {
    try {
      write(adds, removes, insert);
    } catch (DuplicateKeyException e) {
      write(adds, removes, insertIgnore);
    }
  }

  private void write(List<InboxRow> adds, List<InboxRow> removes, String addStatement) {
    tx.executeWithoutResult(
        status -> {
          if (!adds.isEmpty()) {
            insert(addStatement, adds, false);
          }
          if (!removes.isEmpty()) {
            insert(insertIgnore, removes, true);
            jdbc.batchUpdate(
                "UPDATE pung_inbox SET removed = 1, body = '' WHERE viewer_id = ? AND pung_id = ?"
                    + " AND removed = 0",
                removes,
                BATCH_SIZE,
                (ps, row) -> {
                  ps.setLong(1, row.viewerId());
                  ps.setLong(2, row.pungId());
                });
          }
        });
  }

  private void insert(String statement, List<InboxRow> rows, boolean tombstone) {
    jdbc.batchUpdate(
        statement,
        rows,
        BATCH_SIZE,
        (ps, row) -> {
          ps.setLong(1, row.viewerId());
          ps.setLong(2, row.pungId());
          ps.setInt(3, row.bucket());
          ps.setLong(4, row.authorId());
          ps.setString(5, tombstone ? "" : row.text());
          ps.setLong(6, row.createdAt());
          ps.setLong(7, row.expiresAt());
          ps.setInt(8, tombstone ? 1 : 0);
        });
  }

  /**
   * Up to {@code limit} live rows of {@code viewerId} with ids below {@code beforeId}, newest
   * first.
   */
  public List<FeedItem> page(long viewerId, long nowMillis, long beforeId, int limit) {
    return jdbc.query(
        "SELECT pung_id, author_id, body, created_at, expires_at FROM pung_inbox"
            + " WHERE viewer_id = ? AND pung_id < ? AND removed = 0 AND expires_at > ?"
            + " ORDER BY pung_id DESC LIMIT ?",
        FeedRows.ITEM,
        viewerId,
        beforeId,
        nowMillis,
        limit);
  }

  /** When the first of the viewer's live rows expires, or {@link Long#MAX_VALUE} if none. */
  public long nextExpiry(long viewerId, long nowMillis) {
    Long min =
        jdbc.queryForObject(
            "SELECT MIN(expires_at) FROM pung_inbox WHERE viewer_id = ? AND removed = 0"
                + " AND expires_at > ?",
            Long.class,
            viewerId,
            nowMillis);
    return FeedRows.expiryOrNever(min);
  }

  /** Deletes up to {@code batch} rows (tombstones included) expired by {@code nowMillis}. */
  public int purge(long nowMillis, int batch) {
    List<long[]> keys =
        jdbc.query(
            "SELECT viewer_id, pung_id FROM pung_inbox WHERE expires_at <= ? LIMIT ?",
            (rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)},
            nowMillis,
            batch);
    if (keys.isEmpty()) {
      return 0;
    }
    tx.executeWithoutResult(
        status ->
            jdbc.batchUpdate(
                "DELETE FROM pung_inbox WHERE viewer_id = ? AND pung_id = ?",
                keys,
                BATCH_SIZE,
                (ps, key) -> {
                  ps.setLong(1, key[0]);
                  ps.setLong(2, key[1]);
                }));
    return keys.size();
  }
}

package dev.surge.pung.internal;

import dev.surge.pung.BucketRange;
import dev.surge.pung.FeedItem;
import java.util.ArrayList;
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

  /**
   * The expiry of the viewer's live row with the lowest pung id, or {@link Long#MAX_VALUE}: one
   * probe of the primary key, not a scan of the viewer's rows.
   */
  public long oldestItemExpiry(long viewerId, long nowMillis) {
    return FeedRows.expiryOrNever(
        jdbc,
        "SELECT expires_at FROM pung_inbox WHERE viewer_id = ? AND removed = 0"
            + " AND expires_at > ? ORDER BY pung_id LIMIT 1",
        viewerId,
        nowMillis);
  }

  /**
   * Up to {@code limit} rows of the buckets of {@code range}, tombstones included, whose key {@code
   * (viewer_id, pung_id)} follows the given one, in key order: one page of a keyset scan (start
   * after {@link Long#MIN_VALUE}, {@link Long#MIN_VALUE}).
   */
  public BucketPage bucketPage(BucketRange range, long afterViewer, long afterPung, int limit) {
    List<InboxRow> live = new ArrayList<>();
    List<InboxRow> tombstones = new ArrayList<>();
    long[] last = {afterViewer, afterPung};
    // viewer_id >= ? bounds the index range; the OR then skips the rows up to the given key.
    jdbc.query(
        "SELECT "
            + COLUMNS
            + " FROM pung_inbox WHERE bucket BETWEEN ? AND ?"
            + " AND viewer_id >= ? AND (viewer_id > ? OR pung_id > ?)"
            + " ORDER BY viewer_id, pung_id LIMIT ?",
        rs -> {
          InboxRow row =
              new InboxRow(
                  rs.getLong(1),
                  rs.getInt(3),
                  rs.getLong(2),
                  rs.getLong(4),
                  rs.getString(5),
                  rs.getLong(6),
                  rs.getLong(7));
          (rs.getInt(8) == 0 ? live : tombstones).add(row);
          last[0] = row.viewerId();
          last[1] = row.pungId();
        },
        range.first(),
        range.last(),
        afterViewer,
        afterViewer,
        afterPung,
        limit);
    return new BucketPage(live, tombstones, last[0], last[1]);
  }

  /** Deletes up to {@code batch} rows (tombstones included) expired by {@code nowMillis}. */
  public int purge(long nowMillis, int batch) {
    return deleteFound(
        "SELECT viewer_id, pung_id FROM pung_inbox WHERE expires_at <= ? LIMIT ?",
        nowMillis,
        batch);
  }

  /** Deletes up to {@code batch} rows (tombstones included) of the buckets of {@code range}. */
  public int purge(BucketRange range, int batch) {
    return deleteFound(
        "SELECT viewer_id, pung_id FROM pung_inbox WHERE bucket BETWEEN ? AND ? LIMIT ?",
        range.first(),
        range.last(),
        batch);
  }

  /** Deletes the rows whose keys {@code select} finds, in one transaction; returns how many. */
  private int deleteFound(String select, Object... args) {
    List<long[]> keys =
        jdbc.query(select, (rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}, args);
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

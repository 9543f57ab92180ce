package dev.surge.pung.internal;

import dev.surge.pung.FeedItem;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/** The mapping both feed readers share; their queries select the same five columns in order. */
final class FeedRows {

  /** A row of (id, author id, body, created at millis, expires at millis) as a feed item. */
  static final RowMapper<FeedItem> ITEM =
      (rs, n) ->
          new FeedItem(
              rs.getLong(1),
              rs.getLong(2),
              rs.getString(3),
              Instant.ofEpochMilli(rs.getLong(4)),
              Instant.ofEpochMilli(rs.getLong(5)));

  private FeedRows() {}

  /** The {@code expires_at} that {@code sql} finds first, or {@link Long#MAX_VALUE} for none. */
  static long expiryOrNever(JdbcTemplate jdbc, String sql, Object... args) {
    List<Long> found = jdbc.queryForList(sql, Long.class, args);
    return found.isEmpty() ? Long.MAX_VALUE : found.get(0);
  }
}

package dev.surge.pung.internal;

import dev.surge.pung.FeedItem;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The pull model: the viewer's friends, their live pungs, and an audience check, joined at read
 * time on the main database. Kept as the baseline the push model is measured against.
 */
public final class PullFeedReader implements FeedReader {

  private static final String FROM =
      " FROM pung_friend f JOIN pung p ON p.author_id = f.friend_id"
          + " JOIN pung_audience a ON a.pung_id = p.id AND a.viewer_id = f.user_id"
          + " WHERE f.user_id = ? AND p.deleted_at IS NULL AND p.expires_at > ?";

  private final JdbcTemplate jdbc;

  public PullFeedReader(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public List<FeedItem> page(long viewerId, long nowMillis, long beforeId, int limit) {
    return jdbc.query(
        "SELECT p.id, p.author_id, p.body, p.created_at, p.expires_at"
            + FROM
            + " AND p.id < ? ORDER BY p.id DESC LIMIT ?",
        FeedRows.ITEM,
        viewerId,
        nowMillis,
        beforeId,
        limit);
  }

  @Override
  public long oldestItemExpiry(long viewerId, long nowMillis) {
    return FeedRows.expiryOrNever(
        jdbc, "SELECT p.expires_at" + FROM + " ORDER BY p.id LIMIT 1", viewerId, nowMillis);
  }
}

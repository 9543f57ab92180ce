package dev.surge.pung.internal;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/** The outbox table: fan-out work committed with the change that caused it. */
public final class Outbox {

  /** What a row asks the relay to publish. */
  public enum Kind {
    /** Add the pung to its whole audience. */
    ADD,
    /** Remove the pung from its whole audience. */
    REMOVE,
    /** Remove the pung from one viewer, who is no longer the author's friend. */
    REVOKE
  }

  /** One pending row. */
  public record Entry(long id, Kind kind, long pungId, Long viewerId, int attempts) {}

  private final JdbcTemplate jdbc;

  public Outbox(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Adds a row; call inside the transaction of the change. */
  public void add(long id, Kind kind, long pungId, Long viewerId, long nowMillis) {
    jdbc.update(
        "INSERT INTO pung_outbox (id, kind, pung_id, viewer_id, attempts, available_at)"
            + " VALUES (?, ?, ?, ?, 0, ?)",
        id,
        kind.name(),
        pungId,
        viewerId,
        nowMillis);
  }

  public List<Entry> due(long nowMillis, int limit) {
    return jdbc.query(
        "SELECT id, kind, pung_id, viewer_id, attempts FROM pung_outbox WHERE available_at <= ?"
            + " ORDER BY id LIMIT ?",
        (rs, n) -> {
          long viewer = rs.getLong(4);
          Long viewerId = rs.wasNull() ? null : viewer;
          return new Entry(
              rs.getLong(1), Kind.valueOf(rs.getString(2)), rs.getLong(3), viewerId, rs.getInt(5));
        },
        nowMillis,
        limit);
  }

  public void done(long id) {
    jdbc.update("DELETE FROM pung_outbox WHERE id = ?", id);
  }

  public void retryLater(long id, long availableAtMillis) {
    jdbc.update(
        "UPDATE pung_outbox SET attempts = attempts + 1, available_at = ? WHERE id = ?",
        availableAtMillis,
        id);
  }

  public int pending() {
    Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM pung_outbox", Integer.class);
    return n == null ? 0 : n;
  }
}

package dev.surge.pung;

import dev.surge.pung.internal.Outbox;
import dev.surge.pung.internal.PungMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Posting, reading and deleting pungs. A post or delete commits the pung change and its outbox row
 * in one transaction and returns; the relay and fan-out update inboxes afterwards.
 */
public final class PungService {

  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final Outbox outbox;
  private final LongSupplier ids;
  private final Clock clock;
  private final Duration ttl;
  private final Runnable relayWakeUp;
  private final PungMetrics metrics;

  PungService(
      JdbcTemplate jdbc,
      TransactionTemplate tx,
      Outbox outbox,
      LongSupplier ids,
      Clock clock,
      Duration ttl,
      Runnable relayWakeUp,
      PungMetrics metrics) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.outbox = outbox;
    this.ids = ids;
    this.clock = clock;
    this.ttl = ttl;
    this.relayWakeUp = relayWakeUp;
    this.metrics = metrics;
  }

  /**
   * Stores a pung for {@code audience}. The author's friend rows are locked while the audience is
   * fixed, so an unfriending either precedes the post (the ex-friend is not in the audience) or
   * follows its commit (and then revokes it).
   */
  public Pung post(long authorId, String text, Audience audience) {
    if (text == null || text.isEmpty() || text.length() > Pung.MAX_TEXT) {
      throw PungException.invalid("text must be 1.." + Pung.MAX_TEXT + " characters");
    }
    Pung pung =
        Retries.onLockConflict(
            () ->
                tx.execute(
                    status -> {
                      List<Long> friends =
                          jdbc.queryForList(
                              "SELECT friend_id FROM pung_friend WHERE user_id = ? FOR UPDATE",
                              Long.class,
                              authorId);
                      List<Long> viewers = audienceOf(friends, audience);
                      long now = clock.millis();
                      long id = ids.getAsLong();
                      long expires = now + ttl.toMillis();
                      jdbc.update(
                          "INSERT INTO pung (id, author_id, body, created_at, expires_at, deleted_at,"
                              + " audience_size) VALUES (?, ?, ?, ?, ?, NULL, ?)",
                          id,
                          authorId,
                          text,
                          now,
                          expires,
                          viewers.size());
                      jdbc.batchUpdate(
                          "INSERT INTO pung_audience (pung_id, viewer_id) VALUES (?, ?)",
                          viewers,
                          500,
                          (ps, viewer) -> {
                            ps.setLong(1, id);
                            ps.setLong(2, viewer);
                          });
                      outbox.add(ids.getAsLong(), Outbox.Kind.ADD, id, null, now);
                      return new Pung(
                          id,
                          authorId,
                          text,
                          Instant.ofEpochMilli(now),
                          Instant.ofEpochMilli(expires),
                          viewers.size());
                    }));
    metrics.posted.increment();
    relayWakeUp.run();
    return pung;
  }

  /** The pung, if {@code viewerId} is its author or in its audience and it is live. */
  public Pung get(long viewerId, long pungId) {
    List<Pung> found =
        jdbc.query(
            "SELECT id, author_id, body, created_at, expires_at, audience_size FROM pung"
                + " WHERE id = ? AND deleted_at IS NULL AND expires_at > ?",
            (rs, n) ->
                new Pung(
                    rs.getLong(1),
                    rs.getLong(2),
                    rs.getString(3),
                    Instant.ofEpochMilli(rs.getLong(4)),
                    Instant.ofEpochMilli(rs.getLong(5)),
                    rs.getInt(6)),
            pungId,
            clock.millis());
    if (found.isEmpty()) {
      throw PungException.notFound("no pung " + pungId);
    }
    Pung pung = found.get(0);
    if (pung.authorId() != viewerId && !inAudience(pungId, viewerId)) {
      throw PungException.notFound("no pung " + pungId);
    }
    return pung;
  }

  /** Deletes the caller's own live pung and queues its removal from every inbox. */
  public void delete(long authorId, long pungId) {
    tx.executeWithoutResult(
        status -> {
          long now = clock.millis();
          int updated =
              jdbc.update(
                  "UPDATE pung SET deleted_at = ? WHERE id = ? AND author_id = ?"
                      + " AND deleted_at IS NULL AND expires_at > ?",
                  now,
                  pungId,
                  authorId,
                  now);
          if (updated == 0) {
            throw PungException.notFound("no pung " + pungId);
          }
          outbox.add(ids.getAsLong(), Outbox.Kind.REMOVE, pungId, null, now);
        });
    metrics.deleted.increment();
    relayWakeUp.run();
  }

  private boolean inAudience(long pungId, long viewerId) {
    return !jdbc.queryForList(
            "SELECT 1 FROM pung_audience WHERE pung_id = ? AND viewer_id = ?",
            Integer.class,
            pungId,
            viewerId)
        .isEmpty();
  }

  private static List<Long> audienceOf(List<Long> friends, Audience audience) {
    if (!(audience instanceof Audience.Selected selected)) {
      return friends;
    }
    Set<Long> friendSet = new HashSet<>(friends);
    List<Long> strangers =
        selected.userIds().stream().filter(id -> !friendSet.contains(id)).sorted().toList();
    if (!strangers.isEmpty()) {
      throw PungException.notFriends(
          "not friends of the author: " + strangers.subList(0, Math.min(10, strangers.size())));
    }
    return selected.userIds().stream().sorted().toList();
  }
}

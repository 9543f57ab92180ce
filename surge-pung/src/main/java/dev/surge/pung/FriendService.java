package dev.surge.pung;

import dev.surge.pung.internal.Dialect;
import dev.surge.pung.internal.InboxShard;
import dev.surge.pung.internal.Outbox;
import java.time.Clock;
import java.util.List;
import java.util.function.LongSupplier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Mutual friendships. Ending one revokes, in the same transaction, each side's access to the
 * other's live pungs and queues their removal from the other's inbox.
 */
public final class FriendService {

  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final Outbox outbox;
  private final LongSupplier ids;
  private final Clock clock;
  private final Runnable relayWakeUp;
  private final String insertFriend;

  FriendService(
      JdbcTemplate jdbc,
      TransactionTemplate tx,
      Dialect dialect,
      Outbox outbox,
      LongSupplier ids,
      Clock clock,
      Runnable relayWakeUp) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.outbox = outbox;
    this.ids = ids;
    this.clock = clock;
    this.relayWakeUp = relayWakeUp;
    this.insertFriend = dialect.insertIgnore("pung_friend", "user_id, friend_id, created_at", 3);
  }

  /** Makes the two users friends; idempotent. */
  public void befriend(long userId, long friendId) {
    requireOther(userId, friendId);
    long now = clock.millis();
    long low = Math.min(userId, friendId);
    long high = Math.max(userId, friendId);
    // Both rows in one order, so two users befriending each other at once cannot deadlock.
    Retries.onLockConflict(
        () ->
            tx.executeWithoutResult(
                status -> {
                  jdbc.update(insertFriend, low, high, now);
                  jdbc.update(insertFriend, high, low, now);
                }));
  }

  /** Ends the friendship both ways; idempotent. */
  public void unfriend(long userId, long friendId) {
    requireOther(userId, friendId);
    boolean revoked =
        Boolean.TRUE.equals(
            Retries.onLockConflict(
                () ->
                    tx.execute(
                        status -> {
                          int deleted =
                              jdbc.update(
                                  "DELETE FROM pung_friend WHERE (user_id = ? AND friend_id = ?)"
                                      + " OR (user_id = ? AND friend_id = ?)",
                                  userId,
                                  friendId,
                                  friendId,
                                  userId);
                          if (deleted == 0) {
                            return false;
                          }
                          long now = clock.millis();
                          revoke(userId, friendId, now);
                          revoke(friendId, userId, now);
                          return true;
                        })));
    if (revoked) {
      relayWakeUp.run();
    }
  }

  /** The user's friends, in id order. */
  public List<Long> friends(long userId) {
    return jdbc.queryForList(
        "SELECT friend_id FROM pung_friend WHERE user_id = ? ORDER BY friend_id",
        Long.class,
        userId);
  }

  /**
   * Takes {@code viewerId} out of the audience of {@code authorId}'s live pungs. Posting locks the
   * author's friend rows, and the caller has just deleted one, so every pung posted to the viewer
   * has committed before this reads.
   */
  private void revoke(long authorId, long viewerId, long now) {
    List<Long> pungs =
        jdbc.queryForList(
            "SELECT a.pung_id FROM pung_audience a JOIN pung p ON p.id = a.pung_id"
                + " WHERE p.author_id = ? AND a.viewer_id = ? AND p.expires_at > ?",
            Long.class,
            authorId,
            viewerId,
            now);
    jdbc.batchUpdate(
        "DELETE FROM pung_audience WHERE pung_id = ? AND viewer_id = ?",
        pungs,
        InboxShard.BATCH_SIZE,
        (ps, pungId) -> {
          ps.setLong(1, pungId);
          ps.setLong(2, viewerId);
        });
    for (long pungId : pungs) {
      outbox.add(ids.getAsLong(), Outbox.Kind.REVOKE, pungId, viewerId, now);
    }
  }

  private static void requireOther(long userId, long friendId) {
    if (friendId <= 0) {
      throw PungException.notFriends("friend id must be a positive user id");
    }
    if (userId == friendId) {
      throw PungException.notFriends("a user cannot befriend themself");
    }
  }
}

package dev.surge.transfer.internal;

import dev.surge.transfer.Transfer;
import dev.surge.transfer.TransferStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * Transfer rows. Every transition is one conditional UPDATE naming the state (and, for a claimed
 * row, the version) it leaves; the caller acts only if exactly one row changed.
 */
public final class TransferStore {

  private static final String COLUMNS =
      "id, user_id, idempotency_key, request_hash, bank_code, account_number, amount, memo,"
          + " status, version, attempts, created_at, scheduled_at, completed_at, failure_reason";

  private static final RowMapper<Transfer> TRANSFER = TransferStore::transfer;

  private final JdbcTemplate jdbc;

  public TransferStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** A row with the fingerprint of the request that created it. */
  public record Keyed(Transfer transfer, String fingerprint) {}

  /** A due transfer as the dispatcher sees it. */
  public record Due(long id, long userId) {}

  /** A row found stuck in a state, with the version to claim it by. */
  public record Stuck(long id, String bankCode, int version) {}

  public void insert(Transfer t, String fingerprint) {
    jdbc.update(
        "INSERT INTO tr_transfer (id, user_id, idempotency_key, request_hash, bank_code,"
            + " account_number, amount, memo, status, version, attempts, created_at, scheduled_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        t.id(),
        t.userId(),
        t.idempotencyKey(),
        fingerprint,
        t.bankCode(),
        t.accountNumber(),
        t.amount(),
        t.memo(),
        t.status().name(),
        t.version(),
        t.attempts(),
        Millis.of(t.createdAt()),
        Millis.of(t.scheduledAt()));
  }

  public Optional<Keyed> findByKey(long userId, String key) {
    return jdbc
        .query(
            "SELECT " + COLUMNS + " FROM tr_transfer WHERE user_id = ? AND idempotency_key = ?",
            (rs, n) -> new Keyed(transfer(rs, n), rs.getString("request_hash")),
            userId,
            key)
        .stream()
        .findFirst();
  }

  public Optional<Transfer> find(long id) {
    return jdbc.query("SELECT " + COLUMNS + " FROM tr_transfer WHERE id = ?", TRANSFER, id).stream()
        .findFirst();
  }

  /** The user's transfers, newest first, optionally only in {@code status}. */
  public List<Transfer> list(long userId, TransferStatus status, int limit) {
    if (status == null) {
      return jdbc.query(
          "SELECT " + COLUMNS + " FROM tr_transfer WHERE user_id = ? ORDER BY id DESC LIMIT ?",
          TRANSFER,
          userId,
          limit);
    }
    return jdbc.query(
        "SELECT "
            + COLUMNS
            + " FROM tr_transfer WHERE user_id = ? AND status = ? ORDER BY id DESC LIMIT ?",
        TRANSFER,
        userId,
        status.name(),
        limit);
  }

  /** {@code from -> PROCESSING} for the worker that will call the bank. */
  public boolean claim(long id, TransferStatus from, int version, Instant now) {
    return transition(
        id,
        from,
        version,
        "status = 'PROCESSING', attempts = attempts + 1, processing_at = ?",
        now.toEpochMilli());
  }

  /** {@code PROCESSING -> PROCESSING} under a new version: a sweep takes over a stuck claim. */
  public boolean reclaim(long id, int version, Instant now) {
    return transition(
        id,
        TransferStatus.PROCESSING,
        version,
        "attempts = attempts + 1, processing_at = ?",
        now.toEpochMilli());
  }

  public boolean complete(long id, int version, Instant now) {
    return transition(
        id,
        TransferStatus.PROCESSING,
        version,
        "status = 'COMPLETED', completed_at = ?",
        now.toEpochMilli());
  }

  public boolean fail(long id, int version, String reason, Instant now) {
    return transition(
        id,
        TransferStatus.PROCESSING,
        version,
        "status = 'FAILED', completed_at = ?, failure_reason = ?",
        now.toEpochMilli(),
        reason);
  }

  /** {@code from -> DELAYED} until {@code scheduledAt}, ready for a fresh dispatch. */
  public boolean delay(long id, TransferStatus from, int version, Instant scheduledAt) {
    return transition(
        id,
        from,
        version,
        "status = 'DELAYED', scheduled_at = ?, dispatched_at = NULL",
        scheduledAt.toEpochMilli());
  }

  /**
   * One versioned transition: applies {@code set} and bumps the version only if the row is still in
   * {@code from} at {@code version}, so a stale worker's write changes nothing.
   */
  private boolean transition(
      long id, TransferStatus from, int version, String set, Object... setArgs) {
    Object[] args = Arrays.copyOf(setArgs, setArgs.length + 3);
    args[setArgs.length] = id;
    args[setArgs.length + 1] = from.name();
    args[setArgs.length + 2] = version;
    return jdbc.update(
            "UPDATE tr_transfer SET version = version + 1, "
                + set
                + " WHERE id = ? AND status = ? AND version = ?",
            args)
        == 1;
  }

  /** {@code DELAYED -> CANCELED}, only for the owner. */
  public boolean cancel(long id, long userId, Instant now) {
    return jdbc.update(
            "UPDATE tr_transfer SET status = 'CANCELED', version = version + 1, completed_at = ?"
                + " WHERE id = ? AND user_id = ? AND status = 'DELAYED'",
            now.toEpochMilli(),
            id,
            userId)
        == 1;
  }

  /**
   * DELAYED rows whose window has ended and that were not handed out since {@code
   * dispatchedBefore}, oldest id first.
   */
  public List<Due> due(Instant now, Instant dispatchedBefore, int limit) {
    return jdbc.query(
        "SELECT id, user_id FROM tr_transfer WHERE status = 'DELAYED' AND scheduled_at <= ?"
            + " AND (dispatched_at IS NULL OR dispatched_at < ?) ORDER BY id LIMIT ?",
        (rs, n) -> new Due(rs.getLong("id"), rs.getLong("user_id")),
        now.toEpochMilli(),
        dispatchedBefore.toEpochMilli(),
        limit);
  }

  /** Records that these rows were handed out, so the next cycle skips them for a while. */
  public void markDispatched(List<Due> due, Instant now) {
    List<Object[]> args = new ArrayList<>(due.size());
    for (Due d : due) {
      args.add(new Object[] {now.toEpochMilli(), d.id()});
    }
    jdbc.batchUpdate(
        "UPDATE tr_transfer SET dispatched_at = ? WHERE id = ? AND status = 'DELAYED'", args);
  }

  /** Forgets a hand-out that did not execute, so the next cycle dispatches the rows again. */
  public void clearDispatched(List<Due> due) {
    List<Object[]> args = new ArrayList<>(due.size());
    for (Due d : due) {
      args.add(new Object[] {d.id()});
    }
    jdbc.batchUpdate(
        "UPDATE tr_transfer SET dispatched_at = NULL WHERE id = ? AND status = 'DELAYED'", args);
  }

  /** PROCESSING rows claimed before {@code before}: their worker crashed or hung. */
  public List<Stuck> stuckProcessing(Instant before, int limit) {
    return stuck("PROCESSING", "processing_at", before, limit);
  }

  /** REQUESTED rows created before {@code before}: the instance crashed before executing them. */
  public List<Stuck> stuckRequested(Instant before, int limit) {
    return stuck("REQUESTED", "created_at", before, limit);
  }

  private List<Stuck> stuck(String status, String since, Instant before, int limit) {
    return jdbc.query(
        "SELECT id, bank_code, version FROM tr_transfer WHERE status = ? AND "
            + since
            + " < ? ORDER BY id LIMIT ?",
        (rs, n) -> new Stuck(rs.getLong("id"), rs.getString("bank_code"), rs.getInt("version")),
        status,
        before.toEpochMilli(),
        limit);
  }

  private static Transfer transfer(ResultSet rs, int n) throws SQLException {
    return new Transfer(
        rs.getLong("id"),
        rs.getLong("user_id"),
        rs.getString("idempotency_key"),
        rs.getString("bank_code"),
        rs.getString("account_number"),
        rs.getLong("amount"),
        rs.getString("memo"),
        TransferStatus.valueOf(rs.getString("status")),
        rs.getInt("version"),
        rs.getInt("attempts"),
        Millis.read(rs, "created_at"),
        Millis.read(rs, "scheduled_at"),
        Millis.read(rs, "completed_at"),
        rs.getString("failure_reason"));
  }
}

package dev.surge.transfer;

import dev.surge.transfer.TransferRejectedException.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The banks and their maintenance schedules, stored in the database so every instance sees an
 * admin's change. Reads come from a snapshot reloaded at most every {@code refresh} (and at once
 * after a change through this instance), since every execution consults the calendar.
 */
public final class BankCalendar {

  /** How stale another instance's change may be seen. */
  public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(1);

  /** The most daily windows one bank may have. */
  public static final int MAX_DAILY_WINDOWS = 24;

  /** The most one-off windows one bank may have. */
  public static final int MAX_WINDOWS = 100;

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;
  private final long refreshNanos;
  private final Clock clock;
  private volatile Snapshot snapshot;

  private record Snapshot(Map<String, Bank> banks, long loadedAt) {}

  public BankCalendar(
      JdbcTemplate jdbc, TransactionTemplate transactions, Duration refresh, Clock clock) {
    this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    if (refresh == null || refresh.isNegative()) {
      throw new IllegalArgumentException("refresh must be >= 0, was " + refresh);
    }
    this.refreshNanos = refresh.toNanos();
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Every bank, ordered by code. */
  public List<Bank> banks() {
    return List.copyOf(current().banks().values());
  }

  public Optional<Bank> find(String code) {
    return code == null ? Optional.empty() : Optional.ofNullable(current().banks().get(code));
  }

  /** The bank of {@code code}; throws {@link Reason#UNKNOWN_BANK} if there is none. */
  public Bank require(String code) {
    return find(code)
        .orElseThrow(
            () -> new TransferRejectedException(Reason.UNKNOWN_BANK, "unknown bank " + code));
  }

  /**
   * Replaces the bank's daily and one-off windows, and moves the bank's DELAYED transfers to its
   * new reopening (now, if the change opened it), in one transaction: a DELAYED transfer's {@code
   * scheduledAt} always says when its bank opens again.
   */
  public Bank replaceMaintenance(
      String code, List<DailyWindow> daily, List<MaintenanceWindow> windows) {
    Objects.requireNonNull(daily, "daily");
    Objects.requireNonNull(windows, "windows");
    if (daily.size() > MAX_DAILY_WINDOWS || windows.size() > MAX_WINDOWS) {
      throw new TransferRejectedException(
          Reason.INVALID,
          "at most " + MAX_DAILY_WINDOWS + " daily and " + MAX_WINDOWS + " one-off windows");
    }
    load();
    require(code);
    transactions.executeWithoutResult(
        status -> {
          jdbc.update("DELETE FROM tr_bank_daily WHERE bank_code = ?", code);
          jdbc.update("DELETE FROM tr_bank_window WHERE bank_code = ?", code);
          for (int i = 0; i < daily.size(); i++) {
            jdbc.update(
                "INSERT INTO tr_bank_daily (bank_code, position_no, start_time, end_time)"
                    + " VALUES (?, ?, ?, ?)",
                code,
                i,
                daily.get(i).start().toString(),
                daily.get(i).end().toString());
          }
          for (int i = 0; i < windows.size(); i++) {
            jdbc.update(
                "INSERT INTO tr_bank_window (bank_code, position_no, start_at, end_at)"
                    + " VALUES (?, ?, ?, ?)",
                code,
                i,
                windows.get(i).start().toEpochMilli(),
                windows.get(i).end().toEpochMilli());
          }
          Instant now = clock.instant();
          Instant openAt =
              new Bank(code, code, daily, windows).openAt(now.truncatedTo(ChronoUnit.MILLIS));
          jdbc.update(
              "UPDATE tr_transfer SET scheduled_at = ?, dispatched_at = NULL"
                  + " WHERE bank_code = ? AND status = 'DELAYED' AND scheduled_at <> ?",
              openAt.toEpochMilli(),
              code,
              openAt.toEpochMilli());
        });
    return load().banks().get(code);
  }

  /** Drops the snapshot so the next read sees the database. */
  public void refresh() {
    snapshot = null;
  }

  private Snapshot current() {
    Snapshot s = snapshot;
    if (s == null || System.nanoTime() - s.loadedAt() >= refreshNanos) {
      s = load();
    }
    return s;
  }

  private Snapshot load() {
    Map<String, List<DailyWindow>> daily = new LinkedHashMap<>();
    jdbc.query(
        "SELECT bank_code, start_time, end_time FROM tr_bank_daily ORDER BY bank_code, position_no",
        rs -> {
          daily
              .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
              .add(
                  new DailyWindow(
                      LocalTime.parse(rs.getString(2)), LocalTime.parse(rs.getString(3))));
        });
    Map<String, List<MaintenanceWindow>> windows = new LinkedHashMap<>();
    jdbc.query(
        "SELECT bank_code, start_at, end_at FROM tr_bank_window ORDER BY bank_code, position_no",
        rs -> {
          windows
              .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
              .add(
                  new MaintenanceWindow(
                      Instant.ofEpochMilli(rs.getLong(2)), Instant.ofEpochMilli(rs.getLong(3))));
        });
    Map<String, Bank> banks = new LinkedHashMap<>();
    jdbc.query(
        "SELECT code, name FROM tr_bank ORDER BY code",
        rs -> {
          String code = rs.getString(1);
          banks.put(
              code,
              new Bank(
                  code,
                  rs.getString(2),
                  daily.getOrDefault(code, List.of()),
                  windows.getOrDefault(code, List.of())));
        });
    Snapshot s = new Snapshot(Collections.unmodifiableMap(banks), System.nanoTime());
    snapshot = s;
    return s;
  }
}

package dev.surge.transfer;

import dev.surge.transfer.BankException.Kind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * The embedded banks: a {@link BankGateway} that answers after a configurable latency, fails a
 * configurable share of calls, refuses deposits while the bank is in maintenance, and keeps a
 * ledger in the database deduplicated by transfer id, as a real bank's idempotency keys do.
 *
 * <p>The ledger also counts calls per transfer: a second call for a deposited transfer moves no
 * money but shows in {@link #calls(long)}, so tests can tell the service's own exactly-once from
 * the bank's dedup.
 */
public final class BankSimulator implements BankGateway {

  public static final Duration DEFAULT_LATENCY = Duration.ofMillis(20);
  public static final double DEFAULT_FAILURE_RATE = 0.0;
  public static final Duration MAX_LATENCY = Duration.ofSeconds(60);

  private static final String SELECT_RECEIPTS =
      "SELECT transfer_id, bank_code, account_number, amount, deposited_at FROM tr_sim_deposit";

  private static final RowMapper<BankReceipt> RECEIPT =
      (rs, n) ->
          new BankReceipt(
              rs.getLong(1),
              rs.getString(2),
              rs.getString(3),
              rs.getLong(4),
              Instant.ofEpochMilli(rs.getLong(5)));

  private final JdbcTemplate jdbc;
  private final BankCalendar calendar;
  private final Clock clock;
  private final AtomicLong sequence;
  private volatile Duration latency = DEFAULT_LATENCY;
  private volatile double failureRate = DEFAULT_FAILURE_RATE;

  public BankSimulator(JdbcTemplate jdbc, BankCalendar calendar, Clock clock) {
    this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    this.calendar = Objects.requireNonNull(calendar, "calendar");
    this.clock = Objects.requireNonNull(clock, "clock");
    // Microseconds of wall time: increases across restarts, so ledger order stays meaningful.
    this.sequence = new AtomicLong(System.currentTimeMillis() * 1000);
  }

  /** Sets how long each call takes and which share of calls fail with a transient error. */
  public void configure(Duration latency, double failureRate) {
    Objects.requireNonNull(latency, "latency");
    if (latency.isNegative() || latency.compareTo(MAX_LATENCY) > 0) {
      throw new IllegalArgumentException("latency must be in [0, " + MAX_LATENCY + "]");
    }
    if (!(failureRate >= 0.0 && failureRate <= 1.0)) {
      throw new IllegalArgumentException("failureRate must be in [0, 1], was " + failureRate);
    }
    this.latency = latency;
    this.failureRate = failureRate;
  }

  public Duration latency() {
    return latency;
  }

  public double failureRate() {
    return failureRate;
  }

  @Override
  public BankReceipt deposit(BankDeposit deposit) throws BankException {
    pause();
    Instant now = clock.instant();
    Bank bank =
        calendar
            .find(deposit.bankCode())
            .orElseThrow(() -> new BankException(Kind.REJECTED, "no such bank"));
    if (!bank.isOpen(now)) {
      throw new BankException(Kind.MAINTENANCE, "bank " + bank.code() + " is in maintenance");
    }
    double rate = failureRate;
    if (rate > 0 && ThreadLocalRandom.current().nextDouble() < rate) {
      throw new BankException(Kind.FAILURE, "bank " + bank.code() + " did not answer");
    }
    try {
      jdbc.update(
          "INSERT INTO tr_sim_deposit (transfer_id, bank_code, account_number, amount,"
              + " deposited_at, seq, calls) VALUES (?, ?, ?, ?, ?, ?, 1)",
          deposit.transferId(),
          deposit.bankCode(),
          deposit.accountNumber(),
          deposit.amount(),
          now.toEpochMilli(),
          sequence.incrementAndGet());
      return new BankReceipt(
          deposit.transferId(), deposit.bankCode(), deposit.accountNumber(), deposit.amount(), now);
    } catch (DuplicateKeyException e) {
      jdbc.update(
          "UPDATE tr_sim_deposit SET calls = calls + 1 WHERE transfer_id = ?",
          deposit.transferId());
      return receipts(deposit.transferId()).get(0);
    }
  }

  @Override
  public Optional<BankReceipt> find(String bankCode, long transferId) {
    return receipts(transferId).stream().filter(r -> r.bankCode().equals(bankCode)).findFirst();
  }

  /** The ledger's deposits for {@code transferId}: empty or one. */
  public List<BankReceipt> receipts(long transferId) {
    return jdbc.query(SELECT_RECEIPTS + " WHERE transfer_id = ?", RECEIPT, transferId);
  }

  /** The ledger's latest deposits, newest first. */
  public List<BankReceipt> recent(int limit) {
    return jdbc.query(SELECT_RECEIPTS + " ORDER BY seq DESC LIMIT ?", RECEIPT, limit);
  }

  /** How many deposit calls arrived for a transfer that was deposited (0 if none was). */
  public int calls(long transferId) {
    List<Integer> calls =
        jdbc.queryForList(
            "SELECT calls FROM tr_sim_deposit WHERE transfer_id = ?", Integer.class, transferId);
    return calls.isEmpty() ? 0 : calls.get(0);
  }

  private void pause() throws BankException {
    long millis = latency.toMillis();
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BankException(Kind.FAILURE, "interrupted while calling the bank");
    }
  }
}

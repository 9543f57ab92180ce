package dev.surge.transfer;

import dev.surge.transfer.internal.TransferMetrics;
import dev.surge.transfer.internal.TransferStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes one transfer: claims it ({@code REQUESTED} or due {@code DELAYED} to {@code PROCESSING},
 * a conditional UPDATE that only one worker wins), calls the bank with the transfer id as
 * idempotency key, retrying transient failures with backoff, and records the outcome under the
 * claimed version: {@code COMPLETED}; {@code FAILED} with the wallet refunded; or {@code DELAYED}
 * again when the bank is in maintenance.
 *
 * <p>Safe to call any number of times for the same transfer from any instance: a call that finds
 * the row in another state, or loses the claim, returns the row as it is.
 */
public final class TransferExecutor {

  private static final Logger log = LoggerFactory.getLogger(TransferExecutor.class);

  /** How far a transfer is pushed back when a bank in maintenance reports no window end. */
  static final Duration UNKNOWN_WINDOW_RETRY = Duration.ofMinutes(1);

  private final TransferStore store;
  private final Wallets wallets;
  private final BankCalendar calendar;
  private final BankGateway gateway;
  private final BankRateLimits rateLimits;
  private final TransferSettings settings;
  private final Clock clock;
  private final TransferMetrics metrics;

  TransferExecutor(
      TransferStore store,
      Wallets wallets,
      BankCalendar calendar,
      BankGateway gateway,
      BankRateLimits rateLimits,
      TransferSettings settings,
      Clock clock,
      TransferMetrics metrics) {
    this.store = store;
    this.wallets = wallets;
    this.calendar = calendar;
    this.gateway = gateway;
    this.rateLimits = rateLimits;
    this.settings = settings;
    this.clock = clock;
    this.metrics = metrics;
  }

  /**
   * Executes transfer {@code id} if it is REQUESTED or DELAYED and due; returns the row after.
   *
   * @throws BankBusyException if no bank permit came in time (the row is unchanged), except on the
   *     immediate path, where the transfer is delayed to the next dispatch instead
   */
  public Optional<Transfer> execute(long id, ExecutionPath path) {
    Optional<Transfer> found = store.find(id);
    if (found.isEmpty()) {
      return found;
    }
    Transfer t = found.get();
    TransferStatus from = t.status();
    Instant now = clock.instant();
    if (from != TransferStatus.REQUESTED && from != TransferStatus.DELAYED
        || from == TransferStatus.DELAYED && t.scheduledAt().isAfter(now)) {
      metrics.executed(path.tag(), "skipped");
      return found;
    }
    Instant openAt = calendar.require(t.bankCode()).openAt(now);
    if (openAt.isAfter(now)) {
      store.delay(id, from, t.version(), openAt);
      metrics.executed(path.tag(), "delayed");
      return store.find(id);
    }
    if (!rateLimits.acquire(t.bankCode())) {
      metrics.throttled(t.bankCode());
      if (path != ExecutionPath.IMMEDIATE) {
        throw new BankBusyException(t.bankCode());
      }
      store.delay(id, from, t.version(), now);
      metrics.executed(path.tag(), "delayed");
      return store.find(id);
    }
    if (!store.claim(id, from, t.version(), now)) {
      metrics.executed(path.tag(), "lost_claim");
      return store.find(id);
    }
    return Optional.of(callBank(t, t.version() + 1, path));
  }

  /** Calls the bank for a row this worker holds in PROCESSING at {@code version}. */
  Transfer callBank(Transfer t, int version, ExecutionPath path) {
    BankDeposit deposit = new BankDeposit(t.id(), t.bankCode(), t.accountNumber(), t.amount());
    String outcome;
    for (int attempt = 1; ; attempt++) {
      try {
        gateway.deposit(deposit);
        outcome = store.complete(t.id(), version, clock.instant()) ? "completed" : "lost_claim";
        break;
      } catch (BankException e) {
        if (e.kind() == BankException.Kind.MAINTENANCE) {
          Instant now = clock.instant();
          Instant openAt = calendar.require(t.bankCode()).openAt(now);
          if (!openAt.isAfter(now)) {
            openAt = now.plus(UNKNOWN_WINDOW_RETRY);
          }
          outcome =
              store.delay(t.id(), TransferStatus.PROCESSING, version, openAt)
                  ? "delayed"
                  : "lost_claim";
          break;
        }
        if (Thread.currentThread().isInterrupted()) {
          outcome = "interrupted";
          break;
        }
        if (e.kind() == BankException.Kind.REJECTED || attempt >= settings.maxAttempts()) {
          outcome = fail(t, version, failureReason(e, attempt)) ? "failed" : "lost_claim";
          break;
        }
        if (!sleep(settings.backoffAfter(attempt))) {
          // Shutting down mid-call: like a crash, the row stays PROCESSING for the sweeper, which
          // asks the bank whether the deposit landed.
          outcome = "interrupted";
          break;
        }
      } catch (RuntimeException e) {
        // An unexpected gateway error leaves the row PROCESSING; the sweeper asks the bank later.
        log.warn("Bank call for transfer {} failed unexpectedly", t.id(), e);
        metrics.executed(path.tag(), "error");
        throw e;
      }
    }
    metrics.executed(path.tag(), outcome);
    return store.find(t.id()).orElseThrow();
  }

  /** {@code PROCESSING -> FAILED} with the refund, in one transaction under the wallet lock. */
  private boolean fail(Transfer t, int version, String reason) {
    return wallets.locked(
        t.userId(),
        () -> {
          if (!store.fail(t.id(), version, reason, clock.instant())) {
            return false;
          }
          wallets.refundLocked(t.userId(), t.amount());
          return true;
        });
  }

  private static String failureReason(BankException e, int attempts) {
    String reason =
        e.kind() == BankException.Kind.REJECTED
            ? "BANK_REJECTED: " + e.getMessage()
            : "BANK_UNAVAILABLE: " + e.getMessage() + " (after " + attempts + " attempts)";
    return reason.length() > 200 ? reason.substring(0, 200) : reason;
  }

  private static boolean sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}

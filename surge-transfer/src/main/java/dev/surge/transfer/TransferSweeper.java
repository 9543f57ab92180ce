package dev.surge.transfer;

import dev.surge.transfer.internal.TransferMetrics;
import dev.surge.transfer.internal.TransferStore;
import dev.surge.transfer.internal.TransferStore.Stuck;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovers transfers a crashed worker left behind, without executing any twice. A row PROCESSING
 * for longer than {@link TransferSettings#stuckAfter()} is settled by asking the bank: deposited
 * means COMPLETED; otherwise the sweep takes over the claim (a new version, so the old worker's
 * late writes change nothing) and calls the bank again, which deduplicates by transfer id. A row
 * still REQUESTED after that long (a crash between accepting and executing) is executed.
 */
public final class TransferSweeper {

  /** Rows examined per sweep and state. */
  public static final int SWEEP_BATCH = 500;

  private static final Logger log = LoggerFactory.getLogger(TransferSweeper.class);

  private final TransferStore store;
  private final TransferExecutor executor;
  private final BankGateway gateway;
  private final TransferSettings settings;
  private final Clock clock;
  private final TransferMetrics metrics;

  TransferSweeper(
      TransferStore store,
      TransferExecutor executor,
      BankGateway gateway,
      TransferSettings settings,
      Clock clock,
      TransferMetrics metrics) {
    this.store = store;
    this.executor = executor;
    this.gateway = gateway;
    this.settings = settings;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** Runs one sweep and returns how many rows it recovered. */
  public int sweepOnce() {
    Instant now = clock.instant();
    Instant cutoff = now.minus(settings.stuckAfter());
    int recovered = 0;
    for (Stuck s : store.stuckProcessing(cutoff, SWEEP_BATCH)) {
      Optional<BankReceipt> receipt;
      try {
        receipt = gateway.find(s.bankCode(), s.id());
      } catch (BankException | RuntimeException e) {
        log.warn("Cannot ask bank {} about transfer {}; next sweep", s.bankCode(), s.id(), e);
        continue;
      }
      if (receipt.isPresent()) {
        if (store.complete(s.id(), s.version(), now)) {
          metrics.swept("completed");
          recovered++;
        }
      } else if (store.reclaim(s.id(), s.version(), now)) {
        metrics.swept("reexecuted");
        recovered++;
        try {
          executor.callBank(store.find(s.id()).orElseThrow(), s.version() + 1, ExecutionPath.SWEEP);
        } catch (RuntimeException e) {
          // Still PROCESSING under the new claim; a later sweep asks the bank again.
          log.warn("Re-executing stuck transfer {} failed", s.id(), e);
        }
      }
    }
    for (Stuck s : store.stuckRequested(cutoff, SWEEP_BATCH)) {
      try {
        executor.execute(s.id(), ExecutionPath.SWEEP);
        metrics.swept("requested");
        recovered++;
      } catch (BankBusyException e) {
        // The bank is saturated; the next sweep tries again.
      } catch (RuntimeException e) {
        log.warn("Executing stuck requested transfer {} failed", s.id(), e);
      }
    }
    return recovered;
  }
}

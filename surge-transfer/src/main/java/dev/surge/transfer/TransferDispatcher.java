package dev.surge.transfer;

import dev.surge.lock.LockKey;
import dev.surge.lock.LockOptions;
import dev.surge.lock.LockResult;
import dev.surge.lock.Locks;
import dev.surge.transfer.internal.TransferMetrics;
import dev.surge.transfer.internal.TransferStore;
import dev.surge.transfer.internal.TransferStore.Due;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out DELAYED transfers whose window has ended, on one instance of the cluster at a time (a
 * lock taken with no wait: an instance that finds it busy skips the cycle). In {@link
 * DispatchMode#KAFKA} it publishes them keyed by user id and marks them dispatched; in {@link
 * DispatchMode#DIRECT} it executes them itself, one after another.
 *
 * <p>Publishing comes before marking, so a failed publish leaves the rows for the next cycle; a row
 * published twice is harmless, since only one execution wins its claim. A marked row that no
 * consumer executed within {@link TransferSettings#redispatchAfter()} is published again.
 */
public final class TransferDispatcher {

  /** The lock that makes dispatch cluster-exclusive. */
  public static final LockKey LOCK = LockKey.of("transfer_dispatch", "due");

  private static final Logger log = LoggerFactory.getLogger(TransferDispatcher.class);

  /**
   * No wait (a busy lock means another instance is dispatching) but a patient store timeout: a
   * periodic job gains nothing from giving up on a slow Redis within the default 100 ms.
   */
  private static final LockOptions NO_WAIT =
      LockOptions.custom().waitTime(Duration.ZERO).storeTimeout(Duration.ofSeconds(2)).build();

  private final TransferStore store;
  private final TransferExecutor executor;
  private final DispatchModes modes;
  private final DuePublisher publisher;
  private final Locks locks;
  private final TransferSettings settings;
  private final Clock clock;
  private final TransferMetrics metrics;

  TransferDispatcher(
      TransferStore store,
      TransferExecutor executor,
      DispatchModes modes,
      DuePublisher publisher,
      Locks locks,
      TransferSettings settings,
      Clock clock,
      TransferMetrics metrics) {
    this.store = store;
    this.executor = executor;
    this.modes = modes;
    this.publisher = publisher;
    this.locks = locks;
    this.settings = settings;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** Runs one cycle if no other instance is running one. */
  public DispatchReport dispatchOnce() {
    LockResult<DispatchReport> result = locks.tryWithLock(LOCK, NO_WAIT, this::drain);
    return result.isAcquired() ? result.value() : DispatchReport.skipped();
  }

  private DispatchReport drain() {
    DispatchMode mode = DispatchMode.DIRECT;
    int dispatched = 0;
    List<Due> deferred = new ArrayList<>();
    while (true) {
      mode = effective(modes.mode());
      Instant now = clock.instant();
      List<Due> due =
          store.due(now, now.minus(settings.redispatchAfter()), settings.dispatchBatch());
      if (due.isEmpty()) {
        break;
      }
      if (mode == DispatchMode.KAFKA) {
        try {
          publisher.publish(due.stream().map(d -> new DueTransfer(d.id(), d.userId())).toList());
        } catch (Exception e) {
          log.warn("Publishing {} due transfers failed; the next cycle retries", due.size(), e);
          break;
        }
        store.markDispatched(due, now);
        metrics.dispatched("kafka", due.size());
      } else {
        store.markDispatched(due, now);
        metrics.dispatched("direct", due.size());
        for (Due d : due) {
          try {
            executor.execute(d.id(), ExecutionPath.DIRECT);
          } catch (BankBusyException e) {
            deferred.add(d);
          } catch (RuntimeException e) {
            log.warn("Direct execution of transfer {} failed", d.id(), e);
          }
        }
      }
      dispatched += due.size();
    }
    if (!deferred.isEmpty()) {
      store.clearDispatched(deferred);
    }
    return new DispatchReport(true, mode, dispatched - deferred.size(), deferred.size());
  }

  private DispatchMode effective(DispatchMode wanted) {
    if (wanted == DispatchMode.KAFKA && publisher == null) {
      log.warn("Dispatch mode KAFKA has no publisher here; executing directly");
      return DispatchMode.DIRECT;
    }
    return wanted;
  }
}

package dev.surge.app.transfer;

import dev.surge.lock.LockException;
import dev.surge.transfer.DispatchReport;
import dev.surge.transfer.TransferDispatcher;
import dev.surge.transfer.TransferSweeper;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The periodic transfer jobs of this instance: dispatch every {@code surge.transfer.dispatch-
 * interval} (cluster-exclusive through the dispatcher's lock) and sweep every {@code
 * sweep-interval}. A failing run is logged and the schedule continues.
 */
final class TransferJobs implements SmartLifecycle {

  /** The first dispatch after startup comes at most this soon, to pick up what a restart left. */
  static final Duration MAX_FIRST_DELAY = Duration.ofSeconds(5);

  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final Logger log = LoggerFactory.getLogger(TransferJobs.class);

  private final TransferDispatcher dispatcher;
  private final TransferSweeper sweeper;
  private final Duration dispatchInterval;
  private final Duration sweepInterval;
  private ScheduledExecutorService scheduler;

  TransferJobs(
      TransferDispatcher dispatcher,
      TransferSweeper sweeper,
      Duration dispatchInterval,
      Duration sweepInterval) {
    this.dispatcher = dispatcher;
    this.sweeper = sweeper;
    this.dispatchInterval = dispatchInterval;
    this.sweepInterval = sweepInterval;
  }

  @Override
  public synchronized void start() {
    scheduler =
        Executors.newScheduledThreadPool(
            2,
            runnable -> {
              Thread thread = new Thread(runnable, "transfer-jobs-" + THREADS.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    scheduler.scheduleWithFixedDelay(
        this::dispatch,
        first(dispatchInterval).toMillis(),
        dispatchInterval.toMillis(),
        TimeUnit.MILLISECONDS);
    scheduler.scheduleWithFixedDelay(
        this::sweep,
        first(sweepInterval).toMillis(),
        sweepInterval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Runs one dispatch now (the admin endpoint's "run"), on the caller's thread. */
  DispatchReport dispatchNow() {
    return dispatcher.dispatchOnce();
  }

  private void dispatch() {
    try {
      DispatchReport report = dispatcher.dispatchOnce();
      if (report.dispatched() > 0 || report.deferred() > 0) {
        log.info(
            "Dispatched {} due transfers ({}), {} deferred",
            report.dispatched(),
            report.mode(),
            report.deferred());
      }
    } catch (LockException e) {
      log.warn("Transfer dispatch skipped, next run in {}: {}", dispatchInterval, e.getMessage());
    } catch (RuntimeException e) {
      log.warn("Transfer dispatch failed; next run in {}", dispatchInterval, e);
    }
  }

  private void sweep() {
    try {
      int recovered = sweeper.sweepOnce();
      if (recovered > 0) {
        log.info("Swept {} stuck transfers", recovered);
      }
    } catch (RuntimeException e) {
      log.warn("Transfer sweep failed; next run in {}", sweepInterval, e);
    }
  }

  private static Duration first(Duration interval) {
    return interval.compareTo(MAX_FIRST_DELAY) < 0 ? interval : MAX_FIRST_DELAY;
  }

  @Override
  public synchronized void stop() {
    if (scheduler == null) {
      return;
    }
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    scheduler = null;
  }

  @Override
  public synchronized boolean isRunning() {
    return scheduler != null;
  }
}

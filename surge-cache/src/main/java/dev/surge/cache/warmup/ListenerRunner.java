package dev.surge.cache.warmup;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a tick listener on its own thread, skipping ticks while the previous one still runs. */
final class ListenerRunner implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ListenerRunner.class);

  private final TickListener listener;
  private final ExecutorService executor;
  private final AtomicBoolean busy = new AtomicBoolean();
  private final LongAdder handed = new LongAdder();
  private final LongAdder skipped = new LongAdder();

  ListenerRunner(TickListener listener, String name) {
    this.listener = listener;
    this.executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "surge-tick-listener " + name);
              t.setDaemon(true);
              return t;
            });
  }

  void hand(Tick tick) {
    if (!busy.compareAndSet(false, true)) {
      skipped.increment();
      return;
    }
    handed.increment();
    try {
      executor.execute(
          () -> {
            try {
              listener.onTick(tick);
            } catch (RuntimeException e) {
              log.warn("tick listener failed on {}", tick, e);
            } finally {
              busy.set(false);
            }
          });
    } catch (RejectedExecutionException closed) {
      busy.set(false);
    }
  }

  long handed() {
    return handed.sum();
  }

  long skipped() {
    return skipped.sum();
  }

  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      executor.shutdownNow();
    }
  }
}

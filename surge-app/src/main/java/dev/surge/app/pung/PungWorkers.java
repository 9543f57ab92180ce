package dev.surge.app.pung;

import dev.surge.pung.FanoutConsumer;
import dev.surge.pung.PungSystem;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The pung background work of one instance: the outbox relay, the fan-out consumer and the purge
 * schedule. Started after the web server's dependencies and stopped before the engines close.
 */
public final class PungWorkers implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(PungWorkers.class);

  private final PungSystem system;
  private final FanoutConsumer consumer;
  private final Duration purgeInterval;
  private ScheduledExecutorService purger;
  private volatile boolean running;

  PungWorkers(PungSystem system, FanoutConsumer consumer, Duration purgeInterval) {
    this.system = system;
    this.consumer = consumer;
    this.purgeInterval = purgeInterval;
  }

  @Override
  public synchronized void start() {
    consumer.start();
    system.relay().start();
    purger =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "pung-purge");
              t.setDaemon(true);
              return t;
            });
    purger.scheduleWithFixedDelay(
        this::purge, purgeInterval.toMillis(), purgeInterval.toMillis(), TimeUnit.MILLISECONDS);
    running = true;
  }

  private void purge() {
    try {
      system.purge().run();
    } catch (RuntimeException e) {
      log.warn("Pung purge failed, retrying next interval: {}", e.toString());
    }
  }

  @Override
  public synchronized void stop() {
    running = false;
    if (purger != null) {
      purger.shutdownNow();
    }
    system.relay().close();
    consumer.close();
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}

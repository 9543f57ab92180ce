package dev.surge.cache.warmup;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ticks from a timer thread in this JVM: the embedded-mode stand-in for {@link RabbitTickSource},
 * correct for a single instance (every instance running one ticks on its own).
 */
public final class InJvmTickSource implements TickSource {

  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

  private final Duration interval;
  private final Clock clock;
  private final AtomicLong sequence = new AtomicLong();
  private ScheduledExecutorService timer;
  private ListenerRunner runner;

  public InJvmTickSource() {
    this(DEFAULT_INTERVAL, Clock.systemUTC());
  }

  public InJvmTickSource(Duration interval, Clock clock) {
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, was " + interval);
    }
    this.interval = interval;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public synchronized void start(TickListener listener) {
    Objects.requireNonNull(listener, "listener");
    if (runner != null) {
      throw new IllegalStateException("tick source already started");
    }
    runner = new ListenerRunner(listener, "in-jvm");
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "surge-tick in-jvm");
              t.setDaemon(true);
              return t;
            });
    long period = interval.toMillis();
    ListenerRunner r = runner;
    timer.scheduleAtFixedRate(
        () -> r.hand(new Tick(0, sequence.getAndIncrement(), clock.instant())),
        period,
        period,
        TimeUnit.MILLISECONDS);
  }

  @Override
  public long ticks() {
    return sequence.get();
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
      runner.close();
    }
  }
}

package dev.surge.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * Reader threads for the cache scenarios: each thread belongs to one cache instance, reads the key
 * chosen for the current moment of the round, pauses, and repeats until the round ends.
 */
final class CacheReaders {

  /** What a round of reads did. */
  record Outcome(double seconds, long reads, int failures) {}

  private CacheReaders() {}

  /**
   * Runs {@code readers} threads, an equal share per instance, for {@code round}; {@code keyAt}
   * picks the key from the nanoseconds since the round started (called concurrently).
   */
  static Outcome run(
      int readers,
      Duration round,
      long pauseNanos,
      List<Function<String, String>> instances,
      LongFunction<String> keyAt)
      throws InterruptedException {
    CountDownLatch gate = new CountDownLatch(1);
    AtomicInteger failures = new AtomicInteger();
    LongAdder reads = new LongAdder();
    long[] window = new long[2];
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < readers; i++) {
      Function<String, String> instance = instances.get(i % instances.size());
      Thread thread =
          new Thread(
              () -> {
                try {
                  gate.await();
                } catch (InterruptedException e) {
                  return;
                }
                long now;
                while ((now = System.nanoTime()) - window[1] < 0) {
                  try {
                    instance.apply(keyAt.apply(now - window[0]));
                    reads.increment();
                  } catch (RuntimeException e) {
                    failures.incrementAndGet();
                  }
                  LockSupport.parkNanos(pauseNanos);
                }
              });
      thread.setDaemon(true);
      thread.start();
      threads.add(thread);
    }
    window[0] = System.nanoTime();
    window[1] = window[0] + round.toNanos();
    gate.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    double seconds = (System.nanoTime() - window[0]) / 1e9;
    if (failures.get() > 0) {
      System.out.println("  (" + failures.get() + " failed reads)");
    }
    return new Outcome(seconds, reads.sum(), failures.get());
  }
}

package dev.surge.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

/** Small measuring helpers shared by scenarios: throughput loops and percentiles. */
public final class Measure {

  private Measure() {}

  /** An operation a throughput loop repeats. */
  @FunctionalInterface
  public interface Operation {
    void run() throws Exception;
  }

  /**
   * Runs {@code operation} on {@code threads} threads for {@code duration}, all starting together,
   * and returns completed operations per second.
   */
  public static double throughput(int threads, Duration duration, Operation operation)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      LongAdder done = new LongAdder();
      CountDownLatch start = new CountDownLatch(1);
      long[] window = new long[1];
      Future<?>[] futures = new Future<?>[threads];
      for (int t = 0; t < threads; t++) {
        futures[t] =
            pool.submit(
                () -> {
                  start.await();
                  long end = window[0];
                  while (System.nanoTime() < end) {
                    operation.run();
                    done.increment();
                  }
                  return null;
                });
      }
      long begin = System.nanoTime();
      window[0] = begin + duration.toNanos();
      start.countDown();
      for (Future<?> future : futures) {
        future.get();
      }
      double seconds = (System.nanoTime() - begin) / 1e9;
      return done.sum() / seconds;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Runs {@code action} once for every value, on {@code threads} threads. */
  public static void forEachParallel(
      int threads, long[] values, java.util.function.LongConsumer action) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      java.util.List<Future<?>> futures = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = first; i < values.length; i += threads) {
                    action.accept(values[i]);
                  }
                }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** The {@code p}-th percentile (0..100) of {@code values}, by nearest rank. */
  public static double percentile(double[] values, double p) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  public static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}

package dev.surge.lock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.redisson.api.RAtomicLong;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * A non-atomic read-modify-write of a Redis counter under a lock, with an overlap detector; run in
 * the test JVM and, through {@link #main}, in child JVMs that stand for other app instances.
 *
 * <p>The counter is a plain string read with GET and written with SET after a pause, so two bodies
 * that overlap lose an update; the {@code inside} counter (atomic INCR/DECR) catches the overlap
 * itself.
 */
public final class OverlapWorker {

  static final LockOptions LONG_WAIT =
      LockOptions.custom().waitTime(Duration.ofSeconds(60)).build();

  private final RedissonClient client;
  private final String prefix;
  private final Locks locks;

  OverlapWorker(RedissonClient client, String prefix) {
    this.client = client;
    this.prefix = prefix;
    this.locks = Locks.builder(client).defaultOptions(LONG_WAIT).build();
  }

  RAtomicLong inside() {
    return client.getAtomicLong(prefix + ":inside");
  }

  RAtomicLong ready() {
    return client.getAtomicLong(prefix + ":ready");
  }

  RAtomicLong overlaps() {
    return client.getAtomicLong(prefix + ":overlaps");
  }

  RBucket<String> counter() {
    return client.getBucket(prefix + ":counter", StringCodec.INSTANCE);
  }

  /** One increment under the lock of the shared key. */
  void lockedIncrement() {
    locks.withLock(LockKey.of("overlap", prefix), this::unsafeIncrement);
  }

  /** One increment with no lock: the detector's negative control. */
  void unsafeIncrement() {
    if (inside().incrementAndGet() != 1) {
      overlaps().incrementAndGet();
    }
    try {
      String value = counter().get();
      long next = (value == null ? 0 : Long.parseLong(value)) + 1;
      Thread.sleep(1);
      counter().set(Long.toString(next));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      inside().decrementAndGet();
    }
  }

  /** Runs {@code increments} calls of {@code step} on each of {@code threads} threads. */
  static void runThreads(int threads, int increments, Runnable step) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Callable<Void> loop =
            () -> {
              for (int i = 0; i < increments; i++) {
                step.run();
              }
              return null;
            };
        futures.add(pool.submit(loop));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Child JVM entry: {@code <redis host:port> <prefix> <threads> <increments>}; reports ready,
   * waits for the parent's go key, runs, exits 0.
   */
  public static void main(String[] args) throws Exception {
    RedissonClient client = TestRedis.client(args[0]);
    try {
      String prefix = args[1];
      OverlapWorker worker = new OverlapWorker(client, prefix);
      worker.ready().incrementAndGet();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!client.getBucket(prefix + ":go").isExists()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("no go signal");
        }
        Thread.sleep(5);
      }
      runThreads(Integer.parseInt(args[2]), Integer.parseInt(args[3]), worker::lockedIncrement);
      System.out.println("worker done");
    } finally {
      client.shutdown();
    }
  }
}

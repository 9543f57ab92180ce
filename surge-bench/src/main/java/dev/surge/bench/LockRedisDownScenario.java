package dev.surge.bench;

import dev.surge.lock.LockKey;
import dev.surge.lock.LockOptions;
import dev.surge.lock.LockUnavailableException;
import dev.surge.lock.Locks;
import dev.surge.testkit.TcpProxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.redisson.api.RedissonClient;

/**
 * How long a lock call takes to fail once Redis is unreachable, with a 1 s wait time: raw Redisson
 * {@code tryLock(1 s)} with default settings against {@code Locks.withLock}. The link is cut (or
 * blackholed) by a TCP proxy, so the shared Redis keeps running. Goal: surge within wait + 100 ms.
 */
public class LockRedisDownScenario implements Scenario {

  static final Duration WAIT = Duration.ofSeconds(1);

  private final boolean blackhole;
  private final AtomicInteger attempts = new AtomicInteger();
  private TcpProxy proxy;
  private RedissonClient client;
  private Locks locks;
  private String run;

  /** The link is cut: connections are closed and refused. */
  public LockRedisDownScenario() {
    this(false);
  }

  LockRedisDownScenario(boolean blackhole) {
    this.blackhole = blackhole;
  }

  @Override
  public String name() {
    return blackhole ? "lock-redis-blackhole" : "lock-redis-down";
  }

  @Override
  public String description() {
    return "failure latency with Redis "
        + (blackhole ? "blackholed (no answers)" : "cut (connections refused)")
        + ", wait 1 s: raw Redisson tryLock vs Locks.withLock; goal surge <= 1100 ms";
  }

  @Override
  public String metric() {
    return "fail_ms";
  }

  @Override
  public boolean higherIsBetter() {
    return false;
  }

  @Override
  public void setUp() {
    proxy = TcpProxy.to(BenchRedis.HOST, BenchRedis.PORT);
    client = BenchRedis.client(proxy.address());
    locks = Locks.builder(client).build();
    run = LockScenario.runId();
    // Connections are established and used once, then Redis goes away.
    locks.withLock(key(), () -> {});
    if (blackhole) {
      proxy.blackhole();
    } else {
      proxy.cut();
    }
  }

  @Override
  public void tearDown() {
    proxy.restore();
    client.shutdown();
    proxy.close();
  }

  @Override
  public List<Variant> variants() {
    return List.of(
        Variant.of("redisson-trylock", this::raw), Variant.of(Variant.SURGE, this::surge));
  }

  private LockKey key() {
    return LockKey.of("bench", run + ":" + attempts.incrementAndGet());
  }

  private double raw() {
    long start = System.nanoTime();
    try {
      boolean acquired =
          client.getLock(key().redisKey()).tryLock(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (acquired) {
        throw new IllegalStateException("acquired a lock with Redis down");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (RuntimeException expected) {
      // Redisson reports the outage as an exception after its own timeouts and retries.
    }
    return (System.nanoTime() - start) / 1e6;
  }

  private double surge() {
    long start = System.nanoTime();
    try {
      locks.withLock(key(), LockOptions.custom().waitTime(WAIT).build(), () -> {});
      throw new IllegalStateException("acquired a lock with Redis down");
    } catch (LockUnavailableException expected) {
      return (System.nanoTime() - start) / 1e6;
    }
  }

  /** The link is blackholed: connections are accepted but nothing is answered. */
  public static final class Blackhole extends LockRedisDownScenario {
    public Blackhole() {
      super(true);
    }
  }
}

package dev.surge.bench;

import dev.surge.lock.Locks;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.redisson.api.RedissonClient;

/**
 * A lock throughput scenario against the machine's Redis: one Redisson client with default settings
 * shared by raw Redisson and surge's {@link Locks} (which records its metrics).
 */
abstract class LockScenario implements Scenario {

  /** How long each measured round runs. */
  static final Duration ROUND = Duration.ofSeconds(2);

  RedissonClient client;
  Locks locks;
  String run;

  static String runId() {
    return "bench" + Long.toHexString(System.nanoTime());
  }

  @Override
  public boolean higherIsBetter() {
    return true;
  }

  @Override
  public void setUp() {
    client = BenchRedis.client();
    locks = Locks.builder(client).meterRegistry(new SimpleMeterRegistry()).build();
    run = runId();
  }

  @Override
  public void tearDown() {
    client.shutdown();
  }
}

package dev.surge.bench;

import dev.surge.lock.Locks;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * A lock throughput scenario against the machine's Redis: one Redisson client with default settings
 * shared by raw Redisson and surge's {@link Locks} (which records its metrics).
 */
abstract class LockScenario implements Scenario {

  /** The machine's Redis; scenarios use keys unique to the run and never flush. */
  static final String REDIS = "127.0.0.1:6379";

  /** How long each measured round runs. */
  static final Duration ROUND = Duration.ofSeconds(2);

  RedissonClient client;
  Locks locks;
  String run;

  /** A client with Redisson's defaults (timeouts, retries, pool sizes), as an application has. */
  static RedissonClient client(String hostAndPort) {
    Config config = new Config();
    config.useSingleServer().setAddress("redis://" + hostAndPort);
    return Redisson.create(config);
  }

  static String runId() {
    return "bench" + Long.toHexString(System.nanoTime());
  }

  @Override
  public boolean higherIsBetter() {
    return true;
  }

  @Override
  public void setUp() {
    client = client(REDIS);
    locks = Locks.builder(client).meterRegistry(new SimpleMeterRegistry()).build();
    run = runId();
  }

  @Override
  public void tearDown() {
    client.shutdown();
  }
}

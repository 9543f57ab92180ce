package dev.surge.lock;

import java.util.UUID;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/** Redisson clients for the machine's Redis (or a proxy in front of it) and per-run key ids. */
public final class TestRedis {

  /** The machine's Redis, shared with other test suites: never flushed, keys are unique per run. */
  public static final String ADDRESS = "127.0.0.1:6379";

  private TestRedis() {}

  public static RedissonClient client() {
    return client(ADDRESS);
  }

  /** A client with Redisson's default timeouts and retries, as an application would have. */
  public static RedissonClient client(String hostAndPort) {
    return client(hostAndPort, new Config().getLockWatchdogTimeout());
  }

  /** A client whose renewed leases last {@code watchdogMillis}, renewed every third of that. */
  public static RedissonClient client(String hostAndPort, long watchdogMillis) {
    Config config = new Config();
    config.setLockWatchdogTimeout(watchdogMillis);
    config
        .useSingleServer()
        .setAddress("redis://" + hostAndPort)
        .setConnectionMinimumIdleSize(2)
        .setConnectionPoolSize(24)
        .setSubscriptionConnectionMinimumIdleSize(1);
    return Redisson.create(config);
  }

  /** A prefix that makes this run's lock ids and counters unique on the shared Redis. */
  public static String runId() {
    return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }
}

package dev.surge.transfer;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/** A Redisson client on the machine's Redis (never flushed; keys are per-test user ids). */
final class TestRedis {

  private TestRedis() {}

  static RedissonClient client() {
    Config config = new Config();
    config
        .useSingleServer()
        .setAddress("redis://" + System.getProperty("surge.test.redis", "127.0.0.1:6379"))
        .setConnectionPoolSize(32)
        .setConnectionMinimumIdleSize(4);
    return Redisson.create(config);
  }
}

package dev.surge.bench;

import java.util.ArrayList;
import java.util.List;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * The machine's Redis as the scenarios reach it; they use keys unique to their run and never flush,
 * so other users of that Redis are left alone.
 */
final class BenchRedis {

  /** {@code host:port} of the Redis, {@code -Dsurge.bench.redis=host:port} to change it. */
  static final String ADDRESS = System.getProperty("surge.bench.redis", "127.0.0.1:6379");

  static final String HOST = ADDRESS.substring(0, ADDRESS.lastIndexOf(':'));

  static final int PORT = Integer.parseInt(ADDRESS.substring(ADDRESS.lastIndexOf(':') + 1));

  private BenchRedis() {}

  /** A client of {@link #ADDRESS} with Redisson's defaults. */
  static RedissonClient client() {
    return client(ADDRESS);
  }

  /** {@code count} clients of {@link #ADDRESS}, one per simulated application instance. */
  static List<RedissonClient> clients(int count) {
    List<RedissonClient> clients = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      clients.add(client());
    }
    return clients;
  }

  /**
   * A client with Redisson's defaults (timeouts, retries, a pool of 64 connections), as an
   * application has.
   */
  static RedissonClient client(String hostAndPort) {
    Config config = new Config();
    config.useSingleServer().setAddress("redis://" + hostAndPort);
    return Redisson.create(config);
  }
}

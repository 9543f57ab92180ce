package dev.surge.cache;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/** The engines tests talk to: the machine's Redis and RabbitMQ, an in-process ZooKeeper. */
public final class Engines {

  private Engines() {}

  /** {@code host:port} of Redis, from {@code surge.test.redis} or SURGE_TEST_REDIS. */
  public static String redisAddress() {
    return setting("surge.test.redis", "SURGE_TEST_REDIS", "127.0.0.1:6379");
  }

  /** {@code host:port} of RabbitMQ, from {@code surge.test.rabbit} or SURGE_TEST_RABBIT. */
  public static String rabbitAddress() {
    return setting("surge.test.rabbit", "SURGE_TEST_RABBIT", "127.0.0.1:5672");
  }

  /** A Redisson client with short timeouts and no retries, so outage tests fail fast. */
  public static RedissonClient redisson(String hostPort) {
    Config config = new Config();
    config.setThreads(2).setNettyThreads(4);
    config
        .useSingleServer()
        .setAddress("redis://" + hostPort)
        .setConnectionMinimumIdleSize(2)
        .setConnectionPoolSize(16)
        .setSubscriptionConnectionMinimumIdleSize(0)
        .setSubscriptionConnectionPoolSize(2)
        .setConnectTimeout(500)
        .setTimeout(500)
        .setRetryAttempts(0);
    return Redisson.create(config);
  }

  public static RedissonClient redisson() {
    return redisson(redisAddress());
  }

  /**
   * A {@link #redisson()} client for one test class: register it in a static {@code
   * RegisterExtension} field; it connects before the class's first test and shuts down after its
   * last.
   */
  public static final class Redis implements BeforeAllCallback, AfterAllCallback {

    private RedissonClient client;

    public RedissonClient client() {
      return client;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
      client = redisson();
    }

    @Override
    public void afterAll(ExtensionContext context) {
      if (client != null) {
        client.shutdown();
      }
    }
  }

  /** A unique cache name, so tests sharing Redis never see each other's keys. */
  public static String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public static CuratorFramework curator(String connect) {
    CuratorFramework client =
        CuratorFrameworkFactory.builder()
            .connectString(connect)
            .sessionTimeoutMs(10_000)
            .connectionTimeoutMs(2_000)
            .retryPolicy(new ExponentialBackoffRetry(100, 5, 1_000))
            .build();
    client.start();
    return client;
  }

  private static String setting(String property, String env, String fallback) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      value = System.getenv(env);
    }
    return value == null || value.isBlank() ? fallback : value;
  }

  /** An in-process ZooKeeper on a fixed free port that a test can stop and start again. */
  public static final class Zk implements AutoCloseable {

    private final Path dir;
    private final int port;
    private InProcessZooKeeper server;

    public Zk() throws Exception {
      this.dir = Files.createTempDirectory("surge-cache-zk");
      try (ServerSocket socket = new ServerSocket(0)) {
        this.port = socket.getLocalPort();
      }
      start();
    }

    public int port() {
      return port;
    }

    public String connectString() {
      return "127.0.0.1:" + port;
    }

    public synchronized void start() throws Exception {
      server = InProcessZooKeeper.start(dir, port, Duration.ofSeconds(10));
    }

    public synchronized void stop() {
      if (server != null) {
        server.close();
        server = null;
      }
    }

    /** Stops the server and deletes its data directory. */
    @Override
    public void close() throws IOException {
      stop();
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      }
    }
  }
}

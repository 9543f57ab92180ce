package dev.surge.app.infra.health;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNodes;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** Redis is up when every node Redisson knows answers PING within the timeout. */
final class RedisHealthIndicator extends AbstractHealthIndicator {

  private final RedissonClient redisson;
  private final Duration timeout;

  RedisHealthIndicator(RedissonClient redisson, Duration timeout) {
    super("Redis health check failed");
    this.redisson = redisson;
    this.timeout = timeout;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    String mode = mode();
    boolean ok =
        switch (mode) {
          case "cluster" ->
              redisson
                  .getRedisNodes(RedisNodes.CLUSTER)
                  .pingAll(timeout.toMillis(), TimeUnit.MILLISECONDS);
          case "sentinel" ->
              redisson
                  .getRedisNodes(RedisNodes.SENTINEL_MASTER_SLAVE)
                  .pingAll(timeout.toMillis(), TimeUnit.MILLISECONDS);
          default ->
              redisson
                  .getRedisNodes(RedisNodes.SINGLE)
                  .pingAll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        };
    (ok ? builder.up() : builder.down()).withDetail("mode", mode);
  }

  private String mode() {
    var config = redisson.getConfig();
    if (config.isClusterConfig()) {
      return "cluster";
    }
    return config.isSentinelConfig() ? "sentinel" : "single";
  }
}

package dev.surge.app.infra;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * External Redis, used when the embedded redis-server is off: a single node, a Sentinel group or a
 * Cluster, as Redisson addresses ({@code redis://host:port}).
 */
@ConfigurationProperties("surge.redis")
public record RedisProperties(
    Mode mode,
    List<String> addresses,
    String masterName,
    String password,
    int database,
    Duration timeout,
    Duration connectTimeout) {

  /** How the addresses are read. */
  public enum Mode {
    SINGLE,
    SENTINEL,
    CLUSTER
  }
}

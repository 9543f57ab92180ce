package dev.surge.app.infra;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The pung inbox shard databases, in order: shard {@code i} is {@code surge.shards.databases[i]}.
 * Any JDBC URL of PostgreSQL, MySQL/MariaDB or H2.
 */
@ConfigurationProperties("surge.shards")
public record ShardProperties(List<Database> databases) {

  /** One shard database's connection settings. */
  public record Database(String url, String username, String password, int maxPoolSize) {}
}

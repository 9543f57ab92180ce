package dev.surge.app.infra.health;

import dev.surge.app.infra.ShardDataSources;
import java.sql.Connection;
import javax.sql.DataSource;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** The inbox shards are up when every shard database hands out a valid connection. */
final class ShardsHealthIndicator extends AbstractHealthIndicator {

  private static final int VALIDATION_TIMEOUT_SECONDS = 2;

  private final ShardDataSources shards;

  ShardsHealthIndicator(ShardDataSources shards) {
    super("Shard health check failed");
    this.shards = shards;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) throws Exception {
    boolean allValid = true;
    for (int i = 0; i < shards.count(); i++) {
      DataSource shard = shards.shard(i);
      try (Connection connection = shard.getConnection()) {
        boolean valid = connection.isValid(VALIDATION_TIMEOUT_SECONDS);
        builder.withDetail("shard-" + i, connection.getMetaData().getDatabaseProductName());
        allValid &= valid;
      }
    }
    (allValid ? builder.up() : builder.down()).withDetail("count", shards.count());
  }
}

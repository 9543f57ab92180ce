package dev.surge.app.infra;

import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Opens a pool per inbox shard and brings each shard's schema up to date with Flyway. */
@Configuration(proxyBeanMethods = false)
public class ShardsConfiguration {

  static final String SHARD_MIGRATIONS = "classpath:db/shard";

  @Bean(destroyMethod = "close")
  ShardDataSources shardDataSources(ShardProperties properties) {
    if (properties.databases() == null || properties.databases().isEmpty()) {
      throw new IllegalStateException("surge.shards.databases must list at least one database");
    }
    List<HikariDataSource> pools = new ArrayList<>();
    try {
      for (int i = 0; i < properties.databases().size(); i++) {
        ShardProperties.Database db = properties.databases().get(i);
        HikariDataSource pool = new HikariDataSource();
        pool.setPoolName("shard-" + i);
        pool.setJdbcUrl(db.url());
        pool.setUsername(db.username());
        pool.setPassword(db.password());
        pool.setMaximumPoolSize(db.maxPoolSize() > 0 ? db.maxPoolSize() : 10);
        pools.add(pool);
        Flyway.configure()
            .dataSource(pool)
            .locations(SHARD_MIGRATIONS)
            .failOnMissingLocations(false)
            .load()
            .migrate();
      }
    } catch (RuntimeException e) {
      pools.forEach(HikariDataSource::close);
      throw e;
    }
    return new ShardDataSources(pools);
  }
}

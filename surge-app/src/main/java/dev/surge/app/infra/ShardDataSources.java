package dev.surge.app.infra;

import com.zaxxer.hikari.HikariDataSource;
import java.util.List;
import javax.sql.DataSource;

/**
 * The inbox shard databases, each with its own pool and schema, in shard order. Closing it closes
 * every pool.
 */
public final class ShardDataSources implements AutoCloseable {

  private final List<HikariDataSource> shards;

  ShardDataSources(List<HikariDataSource> shards) {
    this.shards = List.copyOf(shards);
  }

  public int count() {
    return shards.size();
  }

  public DataSource shard(int index) {
    return shards.get(index);
  }

  public List<DataSource> all() {
    return List.copyOf(shards);
  }

  @Override
  public void close() {
    shards.forEach(HikariDataSource::close);
  }
}

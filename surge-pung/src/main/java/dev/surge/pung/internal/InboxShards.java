package dev.surge.pung.internal;

import dev.surge.pung.FeedItem;
import dev.surge.pung.ShardMap;
import java.util.List;
import javax.sql.DataSource;

/** The inbox shards behind a {@link ShardMap}; the push-model reader. */
public final class InboxShards implements FeedReader {

  private final ShardMap map;
  private final List<InboxShard> shards;

  public InboxShards(ShardMap map, List<DataSource> dataSources) {
    if (map.shards() != dataSources.size()) {
      throw new IllegalArgumentException(
          "the shard map names "
              + map.shards()
              + " shards but "
              + dataSources.size()
              + " databases are configured");
    }
    this.map = map;
    this.shards =
        java.util.stream.IntStream.range(0, dataSources.size())
            .mapToObj(i -> new InboxShard(i, dataSources.get(i)))
            .toList();
  }

  public ShardMap map() {
    return map;
  }

  public List<InboxShard> all() {
    return shards;
  }

  public InboxShard of(long viewerId) {
    return shards.get(map.shardOf(viewerId));
  }

  @Override
  public List<FeedItem> page(long viewerId, long nowMillis, long beforeId, int limit) {
    return of(viewerId).page(viewerId, nowMillis, beforeId, limit);
  }

  @Override
  public long oldestItemExpiry(long viewerId, long nowMillis) {
    return of(viewerId).oldestItemExpiry(viewerId, nowMillis);
  }
}

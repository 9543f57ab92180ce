package dev.surge.pung.internal;

import dev.surge.pung.FeedItem;
import java.util.List;

/** Reads a viewer's live feed items, by one of the two models. */
public interface FeedReader {

  /** Up to {@code limit} items with ids below {@code beforeId}, newest first. */
  List<FeedItem> page(long viewerId, long nowMillis, long beforeId, int limit);

  /**
   * The expiry of the viewer's oldest live item (lowest id), or {@link Long#MAX_VALUE} if none:
   * with one TTL and time-ordered ids, the first of the viewer's items to expire.
   */
  long oldestItemExpiry(long viewerId, long nowMillis);
}

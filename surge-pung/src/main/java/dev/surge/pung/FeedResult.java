package dev.surge.pung;

import java.util.List;

/** The answer to a feed read: unchanged since the caller's revision, or a page. */
public sealed interface FeedResult permits FeedResult.NotModified, FeedResult.Page {

  String revision();

  /** The caller's tag is of its feed at the current revision: its copy is still the feed. */
  record NotModified(String revision) implements FeedResult {}

  /** Items newest first; {@code nextCursor} is null on the last page. */
  record Page(String revision, List<FeedItem> items, String nextCursor) implements FeedResult {
    public Page {
      items = List.copyOf(items);
    }
  }
}

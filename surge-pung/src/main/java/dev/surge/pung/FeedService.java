package dev.surge.pung;

import dev.surge.pung.internal.FeedReader;
import dev.surge.pung.internal.PungMetrics;
import java.time.Clock;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads feeds behind per-viewer revisions. The revision is read before the rows, and fan-out bumps
 * it only after its rows commit, so a page is at least as new as its revision and a client that
 * re-reads whenever the revision moves converges on the true feed. A page's revision text is a
 * {@link FeedTag} (revision, the feed's expiry horizon, viewer); a caller holding the tag of an
 * unchanged feed gets {@link FeedResult.NotModified} from Redis alone, whichever page it asks for.
 */
public final class FeedService {

  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 200;

  /** The prefix of revisions handed out while Redis is unreachable; they never match later. */
  static final String UNVERSIONED = "u";

  private static final Logger log = LoggerFactory.getLogger(FeedService.class);

  private final Revisions revisions;
  private final FeedReader reader;
  private final Clock clock;
  private final LongSupplier ids;
  private final PungMetrics metrics;

  FeedService(
      Revisions revisions, FeedReader reader, Clock clock, LongSupplier ids, PungMetrics metrics) {
    this.revisions = revisions;
    this.reader = reader;
    this.clock = clock;
    this.ids = ids;
    this.metrics = metrics;
  }

  /**
   * The viewer's feed page after {@code cursor} (null for the first page), or NotModified when
   * {@code ifNoneMatch} is a tag of the viewer's feed and neither the revision has moved nor an
   * item of the feed has expired since.
   */
  public FeedResult read(long viewerId, String ifNoneMatch, int limit, String cursor) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw PungException.invalid("limit must be in [1, " + MAX_LIMIT + "]");
    }
    long before = parseCursor(cursor);
    String viewer = FeedTag.viewerKey(viewerId);
    String revision = currentOrNull(viewerId);
    long now = clock.millis();
    FeedTag held = FeedTag.parse(ifNoneMatch);
    if (revision != null && held != null && held.unchangedAt(revision, viewer, now)) {
      metrics.feedNotModified.increment();
      return new FeedResult.NotModified(ifNoneMatch);
    }
    List<FeedItem> rows = reader.page(viewerId, now, before, limit + 1);
    boolean more = rows.size() > limit;
    List<FeedItem> items = more ? rows.subList(0, limit) : rows;
    String next = more ? Long.toString(items.get(limit - 1).id()) : null;
    metrics.feedPages.increment();
    if (revision == null) {
      return new FeedResult.Page(UNVERSIONED + ids.getAsLong(), items, next);
    }
    return new FeedResult.Page(
        new FeedTag(revision, horizon(viewerId, rows, more, now), viewer).toString(), items, next);
  }

  /**
   * When the viewer's feed next changes by expiry: the first expiry among the rows read and, when
   * older items exist beyond them, the oldest item's (the first of the others to expire, with one
   * TTL and time-ordered ids; the rows read are covered exactly whatever the TTL's history).
   */
  private long horizon(long viewerId, List<FeedItem> rows, boolean more, long now) {
    long first = FeedTag.firstExpiry(rows);
    return more ? Math.min(first, reader.oldestItemExpiry(viewerId, now)) : first;
  }

  private String currentOrNull(long viewerId) {
    try {
      return revisions.current(viewerId);
    } catch (RuntimeException e) {
      log.warn("Feed revisions unavailable, serving an unversioned page: {}", e.toString());
      return null;
    }
  }

  private static long parseCursor(String cursor) {
    if (cursor == null) {
      return Long.MAX_VALUE;
    }
    try {
      long id = Long.parseLong(cursor);
      if (id <= 0) {
        throw PungException.invalid("cursor must be a value from nextCursor");
      }
      return id;
    } catch (NumberFormatException e) {
      throw PungException.invalid("cursor must be a value from nextCursor");
    }
  }
}

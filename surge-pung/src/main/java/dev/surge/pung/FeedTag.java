package dev.surge.pung;

import java.util.List;

/**
 * What a client holds for a feed page: the viewer's revision when the page was read and the page's
 * horizon, the first instant one of the rows it was built from expires (its items and the
 * look-ahead row that decided {@code nextCursor}). Until either moves, reading the page again gives
 * the same answer: fan-out moves the revision, and expiry is the only change that needs no fan-out.
 * Text form {@code <revision>.<horizon epoch ms>}, or {@code <revision>.never} for a page without
 * rows.
 *
 * <p>The horizon travels with the client instead of living in Redis, so a revision is a bare number
 * that fan-out can overwrite without reading it. A client that edits its horizon only gets a stale
 * copy of its own feed.
 */
record FeedTag(String revision, long horizon) {

  private static final String NEVER = "never";

  /** The tag of a page read at {@code revision} from {@code rows} (the look-ahead row included). */
  static FeedTag of(String revision, List<FeedItem> rows) {
    long horizon = Long.MAX_VALUE;
    for (FeedItem row : rows) {
      horizon = Math.min(horizon, row.expiresAt().toEpochMilli());
    }
    return new FeedTag(revision, horizon);
  }

  /** Parses a client's tag; null when it is not one this class wrote. */
  static FeedTag parse(String text) {
    if (text == null) {
      return null;
    }
    int dot = text.lastIndexOf('.');
    if (dot <= 0) {
      return null;
    }
    String horizon = text.substring(dot + 1);
    if (horizon.equals(NEVER)) {
      return new FeedTag(text.substring(0, dot), Long.MAX_VALUE);
    }
    try {
      return new FeedTag(text.substring(0, dot), Long.parseLong(horizon));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Whether the page this tag came from is unchanged for a viewer now at {@code revision}. */
  boolean unchangedAt(String currentRevision, long nowMillis) {
    return revision.equals(currentRevision) && nowMillis < horizon;
  }

  @Override
  public String toString() {
    return revision + "." + (horizon == Long.MAX_VALUE ? NEVER : Long.toString(horizon));
  }
}

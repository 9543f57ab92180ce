package dev.surge.pung;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;

/**
 * What a client holds for a feed page: the viewer's revision when the page was read, the page's
 * horizon (the first instant one of the rows it was built from expires: its items and the
 * look-ahead row that decided {@code nextCursor}), and which page it is (viewer, limit, cursor).
 * Until the revision moves or the horizon passes, reading that page again gives the same answer:
 * fan-out moves the revision, and expiry is the only change that needs no fan-out. Text form {@code
 * <revision>.<horizon epoch ms>.<page>}, with {@code never} as the horizon of a page without rows.
 *
 * <p>The horizon travels with the client instead of living in Redis, so a revision is a bare number
 * that fan-out can overwrite without reading it. It only covers its own page, hence the page key: a
 * tag sent with another page, limit or user never matches. A client that edits its horizon only
 * gets a stale copy of its own feed.
 */
record FeedTag(String revision, long horizon, String page) {

  private static final String NEVER = "never";

  /**
   * The tag of the page {@code page} read at {@code revision} from {@code rows} (the look-ahead row
   * included).
   */
  static FeedTag of(String revision, List<FeedItem> rows, String page) {
    long horizon = Long.MAX_VALUE;
    for (FeedItem row : rows) {
      horizon = Math.min(horizon, row.expiresAt().toEpochMilli());
    }
    return new FeedTag(revision, horizon, page);
  }

  /** A short key of the page a viewer asked for; pages differ by limit or cursor. */
  static String page(long viewerId, int limit, long beforeId) {
    CRC32 crc = new CRC32();
    crc.update((viewerId + ":" + limit + ":" + beforeId).getBytes(StandardCharsets.US_ASCII));
    return Long.toString(crc.getValue(), 36);
  }

  /** Parses a client's tag; null when it is not one this class wrote. */
  static FeedTag parse(String text) {
    if (text == null) {
      return null;
    }
    String[] parts = text.split("\\.", -1);
    if (parts.length != 3 || parts[0].isEmpty() || parts[2].isEmpty()) {
      return null;
    }
    if (parts[1].equals(NEVER)) {
      return new FeedTag(parts[0], Long.MAX_VALUE, parts[2]);
    }
    try {
      return new FeedTag(parts[0], Long.parseLong(parts[1]), parts[2]);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * Whether the page this tag came from is unchanged for {@code page} of a viewer now at {@code
   * currentRevision}.
   */
  boolean unchangedAt(String currentRevision, String page, long nowMillis) {
    return revision.equals(currentRevision) && this.page.equals(page) && nowMillis < horizon;
  }

  @Override
  public String toString() {
    return revision
        + "."
        + (horizon == Long.MAX_VALUE ? NEVER : Long.toString(horizon))
        + "."
        + page;
  }
}

package dev.surge.pung;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;

/**
 * What a client holds for its feed: the viewer's revision when a page was read, the feed's horizon
 * (the first instant one of the viewer's items expires), and whose feed it is. Until the revision
 * moves or the horizon passes, every page of the feed reads the same: fan-out moves the revision,
 * and expiry is the only change that needs no fan-out. Text form {@code <revision>.<horizon epoch
 * ms>.<viewer>}, with {@code never} as the horizon of an empty feed.
 *
 * <p>The horizon travels with the client instead of living in Redis, so a revision is a bare number
 * that fan-out can overwrite without reading it. The viewer key keeps one viewer's tag from
 * matching another's, since one bump gives all viewers of a script the same number. A client that
 * edits its horizon only gets a stale copy of its own feed.
 */
record FeedTag(String revision, long horizon, String viewer) {

  private static final String NEVER = "never";

  /** A short key of the viewer whose feed a tag describes. */
  static String viewerKey(long viewerId) {
    CRC32 crc = new CRC32();
    crc.update(Long.toString(viewerId).getBytes(StandardCharsets.US_ASCII));
    return Long.toString(crc.getValue(), 36);
  }

  /** The first expiry among {@code rows}, or {@link Long#MAX_VALUE} for none. */
  static long firstExpiry(List<FeedItem> rows) {
    long first = Long.MAX_VALUE;
    for (FeedItem row : rows) {
      first = Math.min(first, row.expiresAt().toEpochMilli());
    }
    return first;
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
   * Whether the feed this tag came from is unchanged for {@code viewer}, now at {@code revision}.
   */
  boolean unchangedAt(String currentRevision, String viewer, long nowMillis) {
    return revision.equals(currentRevision) && this.viewer.equals(viewer) && nowMillis < horizon;
  }

  @Override
  public String toString() {
    return revision
        + "."
        + (horizon == Long.MAX_VALUE ? NEVER : Long.toString(horizon))
        + "."
        + viewer;
  }
}

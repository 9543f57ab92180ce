package dev.surge.pung;

import java.time.Instant;

/** A posted pung as its author and audience see it. */
public record Pung(
    long id, long authorId, String text, Instant createdAt, Instant expiresAt, int audienceSize) {

  /** The longest text, in characters. */
  public static final int MAX_TEXT = 500;
}

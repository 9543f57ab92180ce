package dev.surge.pung;

import java.time.Instant;

/** One pung in a viewer's feed. */
public record FeedItem(long id, long authorId, String text, Instant createdAt, Instant expiresAt) {}

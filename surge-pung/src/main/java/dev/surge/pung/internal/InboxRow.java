package dev.surge.pung.internal;

/** One viewer's inbox row for one pung; instants in epoch milliseconds. */
public record InboxRow(
    long viewerId,
    int bucket,
    long pungId,
    long authorId,
    String text,
    long createdAt,
    long expiresAt) {}

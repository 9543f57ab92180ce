package dev.surge.transfer;

import java.time.Instant;

/**
 * One transfer as stored; {@code idempotencyKey} is the SHA-256 digest of the client's key. {@code
 * version} increases with every transition; an executor's final update names the version it
 * claimed, so a worker that lost its claim (a sweep took the row over) changes nothing.
 */
public record Transfer(
    long id,
    long userId,
    String idempotencyKey,
    String bankCode,
    String accountNumber,
    long amount,
    String memo,
    TransferStatus status,
    int version,
    int attempts,
    Instant createdAt,
    Instant scheduledAt,
    Instant completedAt,
    String failureReason) {}

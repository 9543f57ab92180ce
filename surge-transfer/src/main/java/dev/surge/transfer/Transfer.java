package dev.surge.transfer;

import java.time.Instant;

/**
 * One transfer as stored. {@code version} increases with every transition; an executor's final
 * update names the version it claimed, so a worker that lost its claim (a sweep took the row over)
 * changes nothing.
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

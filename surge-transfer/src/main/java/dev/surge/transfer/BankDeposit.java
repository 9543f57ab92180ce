package dev.surge.transfer;

/** A deposit a bank is asked to make; {@code transferId} is its idempotency key. */
public record BankDeposit(long transferId, String bankCode, String accountNumber, long amount) {}

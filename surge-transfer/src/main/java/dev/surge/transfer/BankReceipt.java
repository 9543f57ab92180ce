package dev.surge.transfer;

import java.time.Instant;

/** A deposit a bank has made, as it reports it. */
public record BankReceipt(
    long transferId, String bankCode, String accountNumber, long amount, Instant at) {}

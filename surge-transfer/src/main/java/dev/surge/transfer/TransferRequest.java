package dev.surge.transfer;

import dev.surge.transfer.internal.Digests;

/** What a user asks for: send {@code amount} KRW to {@code accountNumber} at {@code bankCode}. */
public record TransferRequest(String bankCode, String accountNumber, long amount, String memo) {

  /** The largest amount one transfer may carry (1 trillion KRW). */
  public static final long MAX_AMOUNT = 1_000_000_000_000L;

  /**
   * A digest of the request's fields; a replay with the same idempotency key must carry the same
   * fingerprint, or it is a different request reusing the key.
   */
  public String fingerprint() {
    String canonical =
        bankCode
            + '\u0000'
            + accountNumber
            + '\u0000'
            + amount
            + '\u0000'
            + (memo == null ? "\u0001" : memo);
    return Digests.sha256(canonical);
  }
}

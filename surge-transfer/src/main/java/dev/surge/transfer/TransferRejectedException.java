package dev.surge.transfer;

/** A request the transfer service refuses, with a reason the caller maps to a response. */
public final class TransferRejectedException extends RuntimeException {

  /** Why a request was refused. */
  public enum Reason {
    /** The input is malformed (amount out of range, blank account...). */
    INVALID,
    /** No bank has the given code. */
    UNKNOWN_BANK,
    /** The wallet holds less than the amount. */
    INSUFFICIENT_BALANCE,
    /** The wallet would exceed its largest balance. */
    BALANCE_LIMIT,
    /** The idempotency key was used before for a different request. */
    IDEMPOTENCY_CONFLICT,
    /** The transfer is not in a state that allows the operation. */
    WRONG_STATE,
    /** No such transfer for this user. */
    NOT_FOUND
  }

  private final Reason reason;

  public TransferRejectedException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}

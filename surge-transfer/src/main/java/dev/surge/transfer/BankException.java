package dev.surge.transfer;

/** A bank call that did not deposit, with whether trying again can help. */
public final class BankException extends Exception {

  /** Why the bank did not deposit. */
  public enum Kind {
    /** The bank is in maintenance; try after its window. */
    MAINTENANCE,
    /** A transient failure (timeout, 5xx); a retry may succeed. */
    FAILURE,
    /** The bank refused the deposit for good (closed account...). */
    REJECTED
  }

  private final Kind kind;

  public BankException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}

package dev.surge.transfer;

/**
 * The states of a transfer: {@code REQUESTED -> PROCESSING} (bank open at request) or {@code
 * REQUESTED -> DELAYED -> PROCESSING}, then {@code COMPLETED} or {@code FAILED}; {@code DELAYED ->
 * CANCELED} by the user; {@code PROCESSING -> DELAYED} when the bank entered maintenance.
 */
public enum TransferStatus {
  REQUESTED,
  DELAYED,
  PROCESSING,
  COMPLETED,
  FAILED,
  CANCELED;

  /** Whether no further transition leaves this state. */
  public boolean isFinal() {
    return this == COMPLETED || this == FAILED || this == CANCELED;
  }
}

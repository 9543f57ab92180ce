package dev.surge.transfer;

import java.util.Optional;

/**
 * The port to the banks. A deposit is idempotent by transfer id, as real banks are with idempotency
 * keys: calling again for a transfer already deposited returns the first receipt and moves no
 * money.
 */
public interface BankGateway {

  /** Deposits, or returns the receipt of the earlier deposit for the same transfer id. */
  BankReceipt deposit(BankDeposit deposit) throws BankException;

  /** The deposit made for {@code transferId}, if any; lets a sweep settle an unknown outcome. */
  Optional<BankReceipt> find(String bankCode, long transferId) throws BankException;
}

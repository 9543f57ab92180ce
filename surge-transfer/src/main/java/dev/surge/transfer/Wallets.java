package dev.surge.transfer;

import dev.surge.lock.LockKey;
import dev.surge.lock.spring.TransactionalLocks;
import dev.surge.transfer.TransferRejectedException.Reason;
import dev.surge.transfer.internal.WalletStore;
import java.util.Objects;

/**
 * Balances per user. Every change runs under the wallet's lock with the transaction committed
 * before the release; the conditional UPDATE underneath is the real guard against overdraft.
 */
public final class Wallets {

  /** The largest balance a wallet may hold; far above any real one, far below overflow. */
  public static final long MAX_BALANCE = 1_000_000_000_000_000L;

  /** The lock type of wallets. */
  public static final String LOCK_TYPE = "wallet";

  private final WalletStore store;
  private final TransactionalLocks locks;

  public Wallets(WalletStore store, TransactionalLocks locks) {
    this.store = Objects.requireNonNull(store, "store");
    this.locks = Objects.requireNonNull(locks, "locks");
  }

  public static LockKey lockKey(long userId) {
    return LockKey.of(LOCK_TYPE, userId);
  }

  public long balance(long userId) {
    return store.balance(userId);
  }

  /** Adds {@code amount} (1..{@link TransferRequest#MAX_AMOUNT}) and returns the new balance. */
  public long credit(long userId, long amount) {
    if (amount < 1 || amount > TransferRequest.MAX_AMOUNT) {
      throw new TransferRejectedException(
          Reason.INVALID, "amount must be in [1, " + TransferRequest.MAX_AMOUNT + "]");
    }
    return locks.withLock(
        lockKey(userId),
        () -> {
          if (!store.credit(userId, amount, MAX_BALANCE)) {
            throw new TransferRejectedException(
                Reason.BALANCE_LIMIT, "the balance would exceed " + MAX_BALANCE);
          }
          return store.balance(userId);
        });
  }

  /** Debits inside the caller's locked transaction; false if the balance is short. */
  boolean debitLocked(long userId, long amount) {
    return store.debit(userId, amount);
  }

  /** Pays back a debit inside the caller's locked transaction. */
  void refundLocked(long userId, long amount) {
    store.credit(userId, amount, Long.MAX_VALUE);
  }

  TransactionalLocks locks() {
    return locks;
  }
}

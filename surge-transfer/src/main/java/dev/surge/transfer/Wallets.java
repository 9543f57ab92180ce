package dev.surge.transfer;

import dev.surge.lock.LockKey;
import dev.surge.lock.LockOptions;
import dev.surge.lock.spring.TransactionalLocks;
import dev.surge.transfer.TransferRejectedException.Reason;
import dev.surge.transfer.internal.WalletStore;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

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

  /**
   * How wallet operations lock: they wait longer than the library default, since a burst of
   * requests on one wallet queues behind the lock and each must get its answer (success or 422),
   * not a timeout; and the store may take up to a second on a loaded machine.
   */
  public static final LockOptions LOCK_OPTIONS =
      LockOptions.custom()
          .waitTime(Duration.ofSeconds(15))
          .storeTimeout(Duration.ofSeconds(1))
          .build();

  private final TransactionalLocks locks;
  private final LockOptions lockOptions;

  public Wallets(WalletStore store, TransactionalLocks locks) {
    this(store, locks, LOCK_OPTIONS);
  }

  public Wallets(WalletStore store, TransactionalLocks locks, LockOptions lockOptions) {
    this.store = Objects.requireNonNull(store, "store");
    this.locks = Objects.requireNonNull(locks, "locks");
    this.lockOptions = Objects.requireNonNull(lockOptions, "lockOptions");
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
    return locked(
        userId,
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

  /**
   * Pays back a debit inside the caller's locked transaction; throws if the wallet could not take
   * it, so the transaction rolls back with the state change the refund belongs to.
   */
  void refundLocked(long userId, long amount) {
    if (!store.credit(userId, amount, Long.MAX_VALUE)) {
      throw new IllegalStateException("refund of " + amount + " to wallet " + userId + " failed");
    }
  }

  /** Runs {@code body} in a transaction under the wallet's lock, committed before the release. */
  <T> T locked(long userId, Supplier<T> body) {
    return locks.withLock(lockKey(userId), lockOptions, body);
  }
}

package dev.surge.lock.spring;

import dev.surge.lock.FencedBody;
import dev.surge.lock.HeldLock;
import dev.surge.lock.LockKey;
import dev.surge.lock.LockOptions;
import dev.surge.lock.Locks;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Locks whose critical section is a database transaction that commits before the lock is released.
 *
 * <p>Releasing first (a lock taken inside a {@code @Transactional} method) lets the next holder
 * read the row before the commit and overwrite it: a lost update despite the lock. So outside a
 * transaction the body runs in a new one that commits before the release; inside a transaction that
 * has synchronization (a {@code @Transactional} caller) the body joins it and the lock is released
 * only after that transaction completes, committed or rolled back; a second call for the same key
 * in that transaction re-enters the lock instead of waiting for itself.
 *
 * <p>Needs spring-tx (an optional dependency of surge-lock); no Spring Boot.
 */
public final class TransactionalLocks {

  private final Locks locks;
  private final TransactionTemplate requiresNew;

  public TransactionalLocks(Locks locks, PlatformTransactionManager transactionManager) {
    this.locks = Objects.requireNonNull(locks, "locks must not be null");
    Objects.requireNonNull(transactionManager, "transactionManager must not be null");
    this.requiresNew = new TransactionTemplate(transactionManager);
    this.requiresNew.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /** Lock, run {@code body} in a transaction, commit, unlock; see the class comment. */
  public <T> T withLock(LockKey key, LockOptions options, Supplier<T> body) {
    Objects.requireNonNull(body, "body");
    return run(() -> locks.acquire(key, options), key, held -> body.get());
  }

  public <T> T withLock(LockKey key, Supplier<T> body) {
    return withLock(key, locks.defaultOptions(), body);
  }

  public void withLock(LockKey key, LockOptions options, Runnable body) {
    Objects.requireNonNull(body, "body");
    withLock(
        key,
        options,
        () -> {
          body.run();
          return null;
        });
  }

  /** {@link #withLock} with a fencing token, for writes that must also reject a stale holder. */
  public <T> T withFencedLock(LockKey key, LockOptions options, FencedBody<T> body) {
    Objects.requireNonNull(body, "body");
    return run(
        () -> locks.acquireFenced(key, options),
        key,
        held -> body.apply(held.fencingToken().getAsLong()));
  }

  private <T> T run(Supplier<HeldLock> acquire, LockKey key, Body<T> body) {
    // Synchronization without an actual transaction (PROPAGATION_SUPPORTS) has nothing to join.
    if (TransactionSynchronizationManager.isActualTransactionActive()
        && TransactionSynchronizationManager.isSynchronizationActive()) {
      HeldUntilCompletion transaction = HeldUntilCompletion.current(this);
      HeldLock outer = transaction.get(key);
      if (outer != null) {
        // Taken again under the transaction's lock, so it re-enters instead of waiting for itself.
        return outer.within(() -> runAndRelease(acquire.get(), body));
      }
      HeldLock held = acquire.get();
      transaction.add(key, held);
      return held.within(() -> body.apply(held));
    }
    return runAndRelease(acquire.get(), held -> requiresNew.execute(status -> body.apply(held)));
  }

  private static <T> T runAndRelease(HeldLock held, Body<T> body) {
    try {
      return held.within(() -> body.apply(held));
    } finally {
      held.release();
    }
  }

  @FunctionalInterface
  private interface Body<T> {
    T apply(HeldLock held);
  }

  /**
   * The locks that one transaction took through one {@code TransactionalLocks}, released once it
   * has committed or rolled back. Bound as a transaction resource so a second call for the same key
   * in the same transaction finds the lock instead of waiting for it.
   */
  private static final class HeldUntilCompletion implements TransactionSynchronization {

    private final Object resourceKey;
    private final Map<LockKey, HeldLock> held = new LinkedHashMap<>();

    private HeldUntilCompletion(Object resourceKey) {
      this.resourceKey = resourceKey;
    }

    static HeldUntilCompletion current(Object resourceKey) {
      HeldUntilCompletion current =
          (HeldUntilCompletion) TransactionSynchronizationManager.getResource(resourceKey);
      if (current == null) {
        current = new HeldUntilCompletion(resourceKey);
        TransactionSynchronizationManager.registerSynchronization(current);
        TransactionSynchronizationManager.bindResource(resourceKey, current);
      }
      return current;
    }

    HeldLock get(LockKey key) {
      return held.get(key);
    }

    void add(LockKey key, HeldLock lock) {
      held.put(key, lock);
    }

    @Override
    public void afterCompletion(int status) {
      TransactionSynchronizationManager.unbindResourceIfPossible(resourceKey);
      held.values().forEach(HeldLock::release);
    }
  }
}

package dev.surge.lock.spring;

import dev.surge.lock.FencedBody;
import dev.surge.lock.HeldLock;
import dev.surge.lock.LockKey;
import dev.surge.lock.LockOptions;
import dev.surge.lock.Locks;
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
 * only after that transaction completes, committed or rolled back.
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
    return run(locks.acquire(key, options), held -> body.get());
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
        locks.acquireFenced(key, options), held -> body.apply(held.fencingToken().getAsLong()));
  }

  private <T> T run(HeldLock held, Body<T> body) {
    // Synchronization without an actual transaction (PROPAGATION_SUPPORTS) has nothing to join.
    if (TransactionSynchronizationManager.isActualTransactionActive()
        && TransactionSynchronizationManager.isSynchronizationActive()) {
      try {
        TransactionSynchronizationManager.registerSynchronization(new ReleaseOnCompletion(held));
      } catch (RuntimeException e) {
        held.release();
        throw e;
      }
      return held.within(() -> body.apply(held));
    }
    try {
      return held.within(() -> requiresNew.execute(status -> body.apply(held)));
    } finally {
      held.release();
    }
  }

  @FunctionalInterface
  private interface Body<T> {
    T apply(HeldLock held);
  }

  /** Releases a lock once the transaction that wrote under it has committed or rolled back. */
  private static final class ReleaseOnCompletion implements TransactionSynchronization {

    private final HeldLock held;

    ReleaseOnCompletion(HeldLock held) {
      this.held = held;
    }

    @Override
    public void afterCompletion(int status) {
      held.release();
    }
  }
}

package dev.surge.pung;

import java.util.function.Supplier;
import org.springframework.dao.PessimisticLockingFailureException;

/**
 * Reruns a transaction that lost a lock conflict (deadlock victim or lock wait timeout), which the
 * database rolled back whole; a few tries turn a race between users into a short wait, not an
 * error.
 */
final class Retries {

  static final int ATTEMPTS = 4;

  private Retries() {}

  static <T> T onLockConflict(Supplier<T> transaction) {
    for (int attempt = 1; ; attempt++) {
      try {
        return transaction.get();
      } catch (PessimisticLockingFailureException e) {
        if (attempt >= ATTEMPTS) {
          throw e;
        }
        try {
          Thread.sleep(10L * attempt);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  static void onLockConflict(Runnable transaction) {
    onLockConflict(
        () -> {
          transaction.run();
          return null;
        });
  }
}

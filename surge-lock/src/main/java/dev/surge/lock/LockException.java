package dev.surge.lock;

/**
 * A lock could not be used around a critical section; the body did not run.
 *
 * <p>Unchecked, because a caller cannot do more than fail the request or skip the job, and a
 * checked exception would be wrapped away by lambdas anyway.
 */
public class LockException extends RuntimeException {

  private final transient LockKey key;

  protected LockException(LockKey key, String message, Throwable cause) {
    super(message, cause);
    this.key = key;
  }

  /** The key whose lock was not taken. */
  public LockKey key() {
    return key;
  }
}

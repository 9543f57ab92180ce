package dev.surge.lock;

/**
 * Another holder kept the lock for the whole wait time; the store answered and the body did not
 * run.
 */
public class LockNotAcquiredException extends LockException {

  public LockNotAcquiredException(LockKey key, String message) {
    super(key, message, null);
  }
}

package dev.surge.lock;

/**
 * The caller was interrupted while waiting for a lock; the body did not run and the thread's
 * interrupt flag is set again, so the interrupt still stops whatever comes next.
 */
public class LockInterruptedException extends LockException {

  public LockInterruptedException(LockKey key, InterruptedException cause) {
    super(key, "interrupted while waiting for lock " + key, cause);
  }
}

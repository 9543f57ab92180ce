package dev.surge.lock;

/**
 * The lock store failed or did not answer within the wait time plus the store timeout; the body did
 * not run. Whether the resource is busy is unknown.
 */
public class LockUnavailableException extends LockException {

  public LockUnavailableException(LockKey key, String message, Throwable cause) {
    super(key, message, cause);
  }
}

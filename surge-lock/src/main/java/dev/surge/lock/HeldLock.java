package dev.surge.lock;

import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * A lock taken by {@link Locks#acquire} and not yet released: the escape hatch for a critical
 * section that cannot be one function call, such as releasing only after a transaction completes.
 * Prefer {@link Locks#withLock}, which cannot forget the release.
 *
 * <p>The lock belongs to this handle, not to a thread: any thread may release it, exactly once
 * (later calls do nothing).
 */
public interface HeldLock extends AutoCloseable {

  LockKey key();

  /** The fencing token of this acquisition; present only for {@link Locks#acquireFenced}. */
  OptionalLong fencingToken();

  /**
   * Runs {@code body} on the calling thread as inside this lock, so {@link Locks#assertHeld} passes
   * and nested locking of the same key re-enters instead of waiting for itself.
   */
  <T> T within(Supplier<T> body);

  /**
   * Releases the lock and records how long it was held. Never throws: a store failure is logged and
   * counted, and the lock then expires with its lease. A lease that expired before this call is
   * counted as {@code surge.lock.lease_lost}.
   */
  void release();

  /** Same as {@link #release()}. */
  @Override
  void close();
}

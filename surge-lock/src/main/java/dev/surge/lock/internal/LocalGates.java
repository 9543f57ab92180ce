package dev.surge.lock.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One permit per lock key for the callers of one engine: only the caller holding a key's permit
 * asks Redis for that key, the others queue here.
 *
 * <p>Callers in one process then do not race each other in Redis: a hand-off between them costs the
 * holder's unlock and the next caller's one successful attempt, without failed attempts,
 * subscriptions or wake-ups through the unlock channel. Redis still decides who holds the lock; the
 * permit only orders the local callers. It is not tied to a thread, so a lock may be released from
 * another thread, and it is unfair like Redisson's lock: a caller that comes straight back may take
 * it again before a queued one wakes, which keeps hand-offs fast. A queued caller stops waiting for
 * it once the holder's fixed lease has run out and goes to Redis, as it would without the queue.
 */
final class LocalGates {

  /** How often a queued caller looks again whether the holder's lease ran out. */
  private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final ConcurrentHashMap<String, Gate> gates = new ConcurrentHashMap<>();

  /**
   * What {@link #enter} answers when the wait ended while the permit's holder held the lock in
   * Redis: the lock is busy, and asking Redis again would only add a round trip after the wait.
   */
  static final Gate BUSY = new Gate();

  /** A key's permit, its holder's lock, and how many callers hold or wait for the permit. */
  static final class Gate {
    private final Semaphore permit = new Semaphore(1);
    // Whether the holder has the lock in Redis, not only the permit.
    private volatile boolean granted;
    // System.nanoTime() when the holder's fixed lease ends; MAX_VALUE while renewed or unknown.
    private volatile long leaseEnd = Long.MAX_VALUE;
    // Changed only inside map updates of the key.
    private int users;

    /** Records that the holder has the lock, expiring at {@code leaseEnd} (nanoTime scale). */
    void granted(long leaseEnd) {
      this.leaseEnd = leaseEnd;
      this.granted = true;
    }
  }

  /**
   * Takes the permit of {@code key}, waiting until {@code waitEnd} ({@link System#nanoTime()}
   * scale). Otherwise answers {@link #BUSY} if the holder has the lock, or null if the caller
   * should ask Redis itself: the holder's fixed lease ran out, or the holder is still waiting for
   * Redis (which may be down, and that must be reported as such).
   */
  Gate enter(String key, long waitEnd) throws InterruptedException {
    Gate gate =
        gates.compute(
            key,
            (k, existing) -> {
              Gate g = existing != null ? existing : new Gate();
              g.users++;
              return g;
            });
    boolean entered = false;
    try {
      while (true) {
        long left = Math.min(waitEnd, gate.leaseEnd) - System.nanoTime();
        entered =
            gate.permit.tryAcquire(
                Math.max(0, Math.min(left, RECHECK_NANOS)), TimeUnit.NANOSECONDS);
        if (entered) {
          return gate;
        }
        if (left <= RECHECK_NANOS) {
          boolean leaseRanOut = gate.leaseEnd - System.nanoTime() <= 0;
          return gate.granted && !leaseRanOut ? BUSY : null;
        }
      }
    } finally {
      if (!entered) {
        leave(key);
      }
    }
  }

  /** Gives back a permit taken by {@link #enter}; exactly once per successful enter. */
  void exit(String key, Gate gate) {
    gate.granted = false;
    gate.leaseEnd = Long.MAX_VALUE;
    gate.permit.release();
    leave(key);
  }

  private void leave(String key) {
    // The last user removes the entry, so keys that are no longer used take no memory.
    gates.computeIfPresent(key, (k, g) -> --g.users == 0 ? null : g);
  }
}

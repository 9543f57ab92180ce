package dev.surge.lock.internal;

import dev.surge.lock.LockKey;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The locks the current thread is inside, innermost last: what {@code assertHeld} checks and what
 * lets a nested call on the same key re-enter with the outer call's owner id.
 *
 * <p>Thread-bound by design (Java 17 has no ScopedValue): work that a body hands to another thread
 * does not see the frames, so {@code assertHeld} fails there rather than passing wrongly.
 */
final class HeldKeys {

  private static final ThreadLocal<ArrayDeque<DefaultHeldLock>> STACK =
      ThreadLocal.withInitial(ArrayDeque::new);

  private HeldKeys() {}

  static void push(DefaultHeldLock held) {
    STACK.get().addLast(held);
  }

  static void pop(DefaultHeldLock held) {
    ArrayDeque<DefaultHeldLock> stack = STACK.get();
    if (stack.peekLast() == held) {
      stack.removeLast();
    } else {
      stack.removeLastOccurrence(held);
    }
  }

  /** The innermost frame of {@code engine} for {@code key} on this thread, or null. */
  static DefaultHeldLock innermost(LockEngine engine, LockKey key) {
    ArrayDeque<DefaultHeldLock> stack = STACK.get();
    if (stack.isEmpty()) {
      return null;
    }
    for (Iterator<DefaultHeldLock> it = stack.descendingIterator(); it.hasNext(); ) {
      DefaultHeldLock held = it.next();
      if (held.engine() == engine && held.key().equals(key)) {
        return held;
      }
    }
    return null;
  }
}

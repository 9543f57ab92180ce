package dev.surge.lock.internal;

import java.util.concurrent.CompletableFuture;
import org.redisson.RedissonLock;
import org.redisson.RedissonLockEntry;
import org.redisson.command.CommandAsyncExecutor;

/**
 * Redisson's subscription to one lock's unlock channel, the same per-key entry its blocking {@code
 * tryLock} parks on; every release of the key publishes there and frees one permit of the entry's
 * latch.
 *
 * <p>A lock object only to reach Redisson's protected subscribe/unsubscribe: all waiters for a key
 * in this client share one Redis subscription, whoever computes the channel name, and Redisson
 * resubscribes it after a reconnect.
 */
final class UnlockChannel extends RedissonLock {

  UnlockChannel(CommandAsyncExecutor executor, String name) {
    super(executor, name);
  }

  /** Joins the key's shared subscription; completes once Redis confirmed it. */
  CompletableFuture<RedissonLockEntry> join() {
    return subscribe(0);
  }

  /** Leaves a joined subscription; the last waiter to leave unsubscribes the channel. */
  void leave(RedissonLockEntry entry) {
    unsubscribe(entry, 0);
  }
}
